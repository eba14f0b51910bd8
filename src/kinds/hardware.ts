/**
 * Built-in hardware classes: link speeds and storage devices. Every figure names its source and
 * the date it was read; profiles can override any of them.
 */

/** A network link class. */
export interface LinkClass {
  name: string;
  /** Nominal data rate, bytes per second. */
  bytesPerSecond: number;
  source: string;
}

/** Ethernet nominal data rates (IEEE 802.3: 1000BASE-T, 10GBASE-T, 25GBASE-SR, 40GBASE-SR4, 100GBASE-SR4). */
export const LINKS: Readonly<Record<string, LinkClass>> = {
  '1GbE': { name: '1GbE', bytesPerSecond: 1e9 / 8, source: 'IEEE 802.3 nominal 1 Gbit/s' },
  '10GbE': { name: '10GbE', bytesPerSecond: 10e9 / 8, source: 'IEEE 802.3 nominal 10 Gbit/s' },
  '25GbE': { name: '25GbE', bytesPerSecond: 25e9 / 8, source: 'IEEE 802.3by nominal 25 Gbit/s' },
  '40GbE': { name: '40GbE', bytesPerSecond: 40e9 / 8, source: 'IEEE 802.3ba nominal 40 Gbit/s' },
  '100GbE': { name: '100GbE', bytesPerSecond: 100e9 / 8, source: 'IEEE 802.3ba nominal 100 Gbit/s' },
};

/** A storage device class. */
export interface DeviceClass {
  name: string;
  /** Sequential throughput, bytes per second. */
  bytesPerSecond: number;
  /** Random I/O operations per second. */
  iops: number;
  /** Latency of one I/O, seconds. */
  latencyS: number;
  /** Capacity of one device, bytes. */
  sizeBytes: number;
  source: string;
}

const FI = 'free-intelligence scaling plan (2025-10-28) §4.2 benchmark table';
const SCM = 'Netflix service-capacity-modeling manual_drives.json @ dc693073 (2026-08-21)';

/**
 * Device classes. hdd/ssd/nvme come from the free-intelligence seed document (sequential write,
 * random IOPS, latency; sizes from its hardware list); gp3/io2 from Netflix's capacity model
 * (max IOPS, median write latency, max volume size 16 TiB).
 */
export const DEVICES: Readonly<Record<string, DeviceClass>> = {
  hdd: { name: 'hdd', bytesPerSecond: 150e6, iops: 100, latencyS: 10e-3, sizeBytes: 2e12, source: `${FI}: 150 MB/s, 100 IOPS, 10 ms, 2 TB` },
  ssd: { name: 'ssd', bytesPerSecond: 500e6, iops: 50_000, latencyS: 1e-3, sizeBytes: 1e12, source: `${FI}: 500 MB/s, 50K IOPS, 1 ms (its 1 KB read), 1 TB` },
  nvme: { name: 'nvme', bytesPerSecond: 3000e6, iops: 500_000, latencyS: 0.1e-3, sizeBytes: 1e12, source: `${FI}: 3000 MB/s, 500K IOPS, 0.1 ms; Samsung 980 PRO 1 TB` },
  gp3: { name: 'gp3', bytesPerSecond: 1000 * 2 ** 20, iops: 16_000, latencyS: 2e-3, sizeBytes: 16 * 2 ** 40, source: `${SCM}: max 16000 IOPS, write latency mid 2 ms, 16384 GiB; 1000 MiB/s max throughput (AWS EBS gp3 documentation)` },
  io2: { name: 'io2', bytesPerSecond: 4000 * 2 ** 20, iops: 64_000, latencyS: 1.2e-3, sizeBytes: 16 * 2 ** 40, source: `${SCM}: max 64000 IOPS, write latency mid 1.2 ms, 16384 GiB; 4000 MiB/s max throughput (AWS EBS io2 documentation)` },
};
