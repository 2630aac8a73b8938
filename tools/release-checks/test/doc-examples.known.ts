/**
 * `@example` blocks that are known not to run as written, each with the reason, as found by
 * this check. An entry here still runs: the check fails if such an example starts to work
 * (remove its entry then) and shows what it does now. `env` entries need something a CI machine
 * does not have; they are reported, not run.
 */
export const known: Record<string, { reason: string; env?: true }> = {
  data__mnistFromBuffers__1: {
    env: true,
    reason: 'browser code: fetches /mnist/*.gz from a web server',
  },
  data__loadFashionMnist__1: {
    env: true,
    reason: 'needs the Fashion-MNIST files in ./fashion-mnist',
  },
  tensor__conformanceCases__1: { env: true, reason: "needs a registered backend named 'my-gpu'" },
  tensor__runConformance__1: {
    env: true,
    reason: 'runs inside a test runner (vitest describe/it)',
  },
  data__trainTestSplitIndices__1: {
    reason:
      'the comment `{ trainIndices: 8, testIndices: 2 }` gives the lengths of the two index arrays as their values',
  },
};
