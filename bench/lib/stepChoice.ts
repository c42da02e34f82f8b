/** Which steps a run makes: those named on the command line (none: all), always in the default order. */
export function chooseSteps<N extends string>(
  args: string[],
  all: readonly N[],
): { chosen: N[]; unknown: string[] } {
  const asked = args.filter((a) => a !== '--');
  const unknown = asked.filter((a) => !(all as readonly string[]).includes(a));
  // Each step may rely on what an earlier one measured (the vetting ratio on the throughput baseline).
  const chosen = all.filter((name) => asked.length === 0 || asked.includes(name));
  return { chosen, unknown };
}
