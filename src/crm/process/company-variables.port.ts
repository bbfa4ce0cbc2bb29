/**
 * Company settings the shipped model reads as process variables (today `recallDelayDays`,
 * block 4's recall delay). They are written with every start and every task completion,
 * so an expression evaluated in that step sees the value current at that moment: the
 * recall timer (`wait_recall`) is armed in the same command as the completion of the
 * premises call that led to it. Timers already armed keep their stored time.
 */
import type { ProcessPort, ProcessVariables } from './process.port.ts';

export type CompanyVariables = () => Promise<ProcessVariables>;

export function withCompanyVariables(port: ProcessPort, companyVariables: CompanyVariables): ProcessPort {
  return {
    ...port,
    // The company's values win: a form field of the same name must not change a company setting.
    startDeal: async (dealId, variables, actor) => port.startDeal(dealId, { ...variables, ...(await companyVariables()) }, actor),
    completeTask: async (instanceId, elementInstanceId, variables, actor) =>
      port.completeTask(instanceId, elementInstanceId, { ...variables, ...(await companyVariables()) }, actor),
  };
}
