/**
 * The command a container runs, by Docker's rule: entrypoint + cmd, where overriding the
 * entrypoint also drops the image's cmd (as `docker run --entrypoint` does).
 */
export function containerCommand(
  override: { entrypoint?: string[]; cmd?: string[] },
  image: { entrypoint?: string[] | null; cmd?: string[] | null },
): string[] {
  const entrypoint = override.entrypoint ?? image.entrypoint ?? [];
  const cmd = override.cmd ?? (override.entrypoint ? [] : image.cmd ?? []);
  return [...entrypoint, ...cmd];
}
