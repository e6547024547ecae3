import type {
  AlertDeliveryPage,
  AlertDeliveryStatus,
  AlertRule,
  AlertRuleInput,
  AlertRuleSaved,
} from '@vigil/contracts';
import { request, type Fetch } from './client';

/** Alert rules and their delivery log (managers and admins). */
export const alertsApi = (fetchFn: Fetch) => ({
  alertRules: () => request<AlertRule[]>(fetchFn, 'GET', '/alerts/rules'),
  createAlertRule: (rule: AlertRuleInput) =>
    request<AlertRuleSaved>(fetchFn, 'POST', '/alerts/rules', { body: rule }),
  updateAlertRule: (id: string, rule: AlertRuleInput) =>
    request<AlertRuleSaved>(fetchFn, 'PUT', `/alerts/rules/${id}`, { body: rule }),
  deleteAlertRule: (id: string) => request<void>(fetchFn, 'DELETE', `/alerts/rules/${id}`),
  testAlertRule: (id: string) => request<{ deliveries: number }>(fetchFn, 'POST', `/alerts/rules/${id}/test`),
  alertDeliveries: (query: { ruleId?: string; status?: AlertDeliveryStatus; limit?: number } = {}) =>
    request<AlertDeliveryPage>(fetchFn, 'GET', '/alerts/deliveries', { query }),
});
