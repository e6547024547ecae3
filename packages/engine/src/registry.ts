import type { AnalyzerName } from '@vigil/contracts';
import type { Analyzer } from './analyzer';
import { piiAnalyzer } from './pii/pii.analyzer';
import { complianceAnalyzer } from './compliance/compliance.analyzer';
import { qaAnalyzer } from './qa/qa.analyzer';
import { sentimentAnalyzer } from './sentiment/sentiment.analyzer';
import { topicsAnalyzer } from './topics/topics.analyzer';
import { fraudAnalyzer } from './fraud/fraud.analyzer';

/**
 * Analyzers in an order that runs each after those it depends on. Fails on a dependency that is
 * not registered or a cycle, so a wrong registration stops the process that loads the engine.
 */
export function inDependencyOrder(analyzers: readonly Analyzer[]): Analyzer[] {
  const byName = new Map(analyzers.map((a) => [a.name, a]));
  const ordered: Analyzer[] = [];
  const state = new Map<AnalyzerName, 'visiting' | 'done'>();
  const visit = (a: Analyzer, path: AnalyzerName[]) => {
    if (state.get(a.name) === 'done') return;
    if (state.get(a.name) === 'visiting')
      throw new Error(`analyzer dependency cycle: ${[...path, a.name].join(' → ')}`);
    state.set(a.name, 'visiting');
    for (const name of a.dependsOn) {
      const dependency = byName.get(name);
      if (!dependency) throw new Error(`analyzer "${a.name}" depends on "${name}", which is not registered`);
      visit(dependency, [...path, a.name]);
    }
    state.set(a.name, 'done');
    ordered.push(a);
  };
  for (const a of analyzers) visit(a, []);
  return ordered;
}

/** Every analyzer the engine runs. A new analyzer is registered here, once. */
export const ANALYZERS: readonly Analyzer[] = inDependencyOrder([
  sentimentAnalyzer,
  topicsAnalyzer,
  qaAnalyzer,
  piiAnalyzer,
  complianceAnalyzer,
  fraudAnalyzer,
] as Analyzer[]);
