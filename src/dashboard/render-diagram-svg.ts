/**
 * Renders the dashboard's Mermaid diagram to SVG with beautiful-mermaid, loaded on first use
 * (it pulls in a layout engine). Resolves undefined when the package is not installed; the page
 * then shows the phase boxes alone.
 */
export async function renderDiagramSvg(mermaid: string): Promise<{ svg?: string; problem?: string }> {
  let render: (text: string) => unknown;
  try {
    ({ renderMermaidSVG: render } = await import('beautiful-mermaid'));
  } catch (error) {
    return {
      problem: `beautiful-mermaid is not installed (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  try {
    return { svg: String(render(mermaid)) };
  } catch (error) {
    return {
      problem: `rendering the diagram failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
