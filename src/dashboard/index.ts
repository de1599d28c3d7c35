export { renderDashboardPage } from './dashboard-page.js';
export { type Dashboard, type DashboardOptions, serveDashboard } from './dashboard-server.js';
export { buildMachineView, type MachineView } from './machine-view.js';
export { renderDiagramSvg } from './render-diagram-svg.js';
export { buildSessionDetail, type SessionDetail } from './session-detail.js';
export { type StartDashboardOptions, startDashboard } from './start-dashboard.js';
