// Profile texts for the baseline end-to-end tests: a tuned profile and the regression a pull
// request might bring (send buffers capped at 64 KiB).
export const GOOD_PROFILE = [
  'net.core.rmem_max = 16777216',
  'net.core.wmem_max = 16777216',
  'net.ipv4.tcp_rmem = 4096 131072 16777216',
  'net.ipv4.tcp_wmem = 4096 16384 16777216',
  'net.ipv4.tcp_congestion_control = bbr',
].join('\n');

export const WORSE_PROFILE = GOOD_PROFILE.replace(
  'net.ipv4.tcp_wmem = 4096 16384 16777216',
  'net.ipv4.tcp_wmem = 4096 16384 65536',
);
