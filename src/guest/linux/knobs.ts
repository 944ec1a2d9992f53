// The standard TCP knobs a Linux guest reports after its profile is applied, for every scenario
// (stock included): a kernel's defaults depend on its version and the guest's memory (a 512 MiB
// guest gets a smaller tcp_wmem maximum than 4 MiB), so a result records the values it ran with.
export const TCP_KNOBS: readonly string[] = [
  'net.core.rmem_default',
  'net.core.rmem_max',
  'net.core.wmem_default',
  'net.core.wmem_max',
  'net.core.default_qdisc',
  'net.core.netdev_max_backlog',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  'net.ipv4.tcp_mem',
  'net.ipv4.tcp_congestion_control',
  'net.ipv4.tcp_window_scaling',
  'net.ipv4.tcp_sack',
  'net.ipv4.tcp_timestamps',
  'net.ipv4.tcp_moderate_rcvbuf',
  'net.ipv4.tcp_adv_win_scale',
  'net.ipv4.tcp_notsent_lowat',
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_mtu_probing',
  'net.ipv4.tcp_no_metrics_save',
  'net.ipv4.tcp_ecn',
];
