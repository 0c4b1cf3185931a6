const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;

/** A tmpfs `size=` value in the k/m units Docker and the kernel accept, rounded up to whole KiB. */
export function dockerSize(bytes: number): string {
  if (bytes % MIB === 0) return `${bytes / MIB}m`;
  return `${Math.ceil(bytes / KIB)}k`;
}

/** The bytes of a tmpfs `size=` value: plain bytes or a k/m/g suffix (optionally `b`/`ib`), as Docker reads it. */
export function parseDockerSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = { '': 1, k: KIB, m: MIB, g: GIB }[match[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(match[1]) * unit);
}

/** A Kubernetes quantity in Ki/Mi/Gi, rounded up to whole KiB. */
export function kubernetesQuantity(bytes: number): string {
  if (bytes >= GIB && bytes % GIB === 0) return `${bytes / GIB}Gi`;
  if (bytes % MIB === 0) return `${bytes / MIB}Mi`;
  return `${Math.ceil(bytes / KIB)}Ki`;
}

/** For people: `0 B`, `1.8 KiB`, `4.2 MiB`. */
export function humanBytes(bytes: number): string {
  if (bytes < KIB) return `${bytes} B`;
  const [value, unit] = bytes < MIB ? [bytes / KIB, 'KiB'] : bytes < GIB ? [bytes / MIB, 'MiB'] : [bytes / GIB, 'GiB'];
  return `${Number(value.toFixed(1))} ${unit}`;
}
