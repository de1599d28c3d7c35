/** Sections that need the runner and the provider actor. */
export async function runHeavySection(section: string, print: (text: string) => void): Promise<void> {
  print(`## ${section}: not available yet`);
}
