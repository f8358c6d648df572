// The bench's one statistic: the middle of the runs (the upper middle of an even number).
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
