import { describeRun } from './cliProcess';
import { runCommand } from './hostCommand';

/**
 * The images a test's builds made: the tags it gave, and the image of every step the classic
 * builder ran afresh (read from its output, `Step N/M : …` then ` ---> <id>`). A multi-stage build
 * leaves its earlier stages behind untagged (Dockerfile.prod's `pruned` stage), and removing the
 * tag does not take them; steps taken from the cache (` ---> Using cache`) were made by someone
 * else's build and are left alone.
 */
export class BuiltImages {
  private readonly tags = new Set<string>();
  private readonly steps: string[] = [];

  /** Notes a tag and the build output (stdout of `docker build`, stderr of `harden … --debug`). */
  note(tag: string, buildOutput: string): void {
    this.tags.add(tag);
    for (const step of buildOutput.split(/Step \d+\/\d+ : /).slice(1)) {
      if (/^FROM /.test(step) || / ---> Using cache/.test(step)) continue;
      const ids = [...step.matchAll(/ ---> ([0-9a-f]{12})\b/g)];
      const id = ids.at(-1)?.[1];
      if (id) this.steps.push(id);
    }
  }

  /** Removes them all, newest first; returns what is still there (a step another build now uses is not ours to remove). */
  async removeAll(): Promise<string[]> {
    const left: string[] = [];
    for (const image of [...this.tags, ...[...this.steps].reverse()]) {
      const run = await runCommand('docker', ['image', 'rm', image]);
      if (run.code !== 0 && !/No such image/.test(run.stderr) && !/image has dependent child images/.test(run.stderr)) left.push(`${image}: ${describeRun(run)}`);
    }
    return left;
  }
}
