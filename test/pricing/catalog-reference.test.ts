// Catalog prices and specs against the reference files they come from (read here directly,
// never from the generated JSON), plus hand-computed Kubernetes allocatable figures.
import { describe, expect, it } from 'vitest';
import { findInstance, findUnitPrice, listInstances, shippedCatalog } from '../../src/pricing/catalog.js';
import { referenceRow, referenceRows, referenceText } from './reference.js';

const AWS = 'derived/aws_ec2_us-east-1.csv';
const GCP = 'derived/gcp_compute_us-central1.csv';
const AZURE = 'derived/azure_vm_eastus.csv';
const AZURE_SIZES = 'mslearn/azure_vm_sizes.csv';
const MIB = 2 ** 20;

describe('unit prices against the reference tables', () => {
  it('m7i.xlarge is $0.2016/h in us-east-1', () => {
    const ref = Number(referenceRow(AWS, 'instance_type', 'm7i.xlarge').ondemand_usd_hr_us_east_1);
    expect(ref).toBe(0.2016);
    expect(findInstance('aws', 'us-east-1', 'm7i.xlarge')?.hourlyUsd).toBe(ref);
  });

  it('n2-standard-4 is $0.194236/h in us-central1', () => {
    const ref = Number(referenceRow(GCP, 'machine_type', 'n2-standard-4').ondemand_usd_hr_us_central1);
    expect(ref).toBe(0.194236);
    expect(findInstance('gcp', 'us-central1', 'n2-standard-4')?.hourlyUsd).toBe(ref);
  });

  it('Standard_D4s_v5 is $0.192/h in eastus', () => {
    const ref = Number(referenceRow(AZURE, 'sku', 'Standard_D4s_v5').ondemand_usd_hr);
    expect(ref).toBe(0.192);
    expect(findInstance('azure', 'eastus', 'Standard_D4s_v5')?.hourlyUsd).toBe(ref);
  });

  it('every shipped instance carries exactly its reference price', () => {
    const aws = new Map(referenceRows(AWS).map((r) => [r.instance_type, Number(r.ondemand_usd_hr_us_east_1)]));
    const gcp = new Map(referenceRows(GCP).map((r) => [r.machine_type, Number(r.ondemand_usd_hr_us_central1)]));
    const azure = new Map(referenceRows(AZURE).map((r) => [r.sku, Number(r.ondemand_usd_hr)]));
    const tables = { aws, gcp, azure };
    for (const i of listInstances()) expect([i.name, i.hourlyUsd]).toEqual([i.name, tables[i.provider].get(i.name)]);
  });

  it('ships no Azure row the derived table flags as a possible Windows-meter leak', () => {
    const flagged = new Set(referenceRows(AZURE).filter((r) => r.flag !== '').map((r) => r.sku));
    const shipped = listInstances({ provider: 'azure' }).map((i) => i.name);
    expect(shipped.filter((n) => flagged.has(n))).toEqual([]);
    expect(flagged.has('Standard_E4as_v5')).toBe(true);
    expect(findInstance('azure', 'eastus', 'Standard_E4as_v5')).toBeUndefined();
  });

  it('Azure memory and GPUs are the Microsoft Learn figures', () => {
    for (const i of listInstances({ provider: 'azure' })) {
      const ref = referenceRow(AZURE_SIZES, 'size', i.name);
      expect([i.name, i.vcpu, i.memoryGiB]).toEqual([i.name, Number(ref.vcpu), Number(ref.memory_gib)]);
      expect(i.gpu?.count ?? null).toEqual(ref.gpu_count ? Number(ref.gpu_count) : null);
    }
    // Esv5 is 8 GiB per vCPU except the largest size (96 vCPU → 672 GiB, not 768).
    expect(findInstance('azure', 'eastus', 'Standard_E96s_v5')?.memoryGiB).toBe(672);
  });

  it('AWS allocatable is the Karpenter figure of the reference table', () => {
    const ref = referenceRow(AWS, 'instance_type', 'm7i.xlarge');
    expect(ref.k8s_allocatable_cpu).toBe('3920m');
    expect(ref.k8s_allocatable_memory).toBe('14162Mi');
    expect(findInstance('aws', 'us-east-1', 'm7i.xlarge')?.allocatable).toEqual({
      cpuCores: 3.92,
      memoryBytes: 14162 * MIB,
      maxPods: Number(ref.k8s_max_pods),
    });
  });
});

describe('Kubernetes allocatable models (hand-computed)', () => {
  it('GKE: n2-standard-4 (4 vCPU, 16 GiB)', () => {
    // CPU reserved: 6 % of core 1 (60 m) + 1 % of core 2 (10 m) + 0.5 % of cores 3–4 (10 m) = 80 m
    //   → 4000 m − 80 m = 3920 m.
    // Memory reserved: 25 % of 4 GiB (1024 MiB) + 20 % of 4 GiB (819.2) + 10 % of 8 GiB (819.2)
    //   = 2662.4 MiB, plus 100 MiB eviction → 16384 − 2762.4 = 13621.6 MiB.
    const a = findInstance('gcp', 'us-central1', 'n2-standard-4')?.allocatable;
    expect(a?.cpuCores).toBe(3.92);
    expect(a?.memoryBytes).toBe(Math.floor(13621.6 * MIB));
    expect(a?.maxPods).toBe(110);
  });

  it('GKE: n2-standard-32 (32 vCPU, 128 GiB)', () => {
    // CPU: 80 m + 0.25 % × 28 cores (70 m) = 150 m → 31.85 cores.
    // Memory: 1024 + 819.2 + 819.2 + 6 % × 112 GiB (6881.28 MiB) = 9543.68 MiB, + 100 MiB
    //   → 131072 − 9643.68 = 121428.32 MiB.
    const a = findInstance('gcp', 'us-central1', 'n2-standard-32')?.allocatable;
    expect(a?.cpuCores).toBe(31.85);
    expect(a?.memoryBytes).toBe(Math.floor(121428.32 * MIB));
  });

  it('AKS: Standard_D4s_v5 (4 vCPU, 16 GiB, 250 max Pods)', () => {
    // CPU reserved (table): 140 m → 3.86 cores.
    // Memory: min(20 MiB × 250 + 50 MiB = 5050 MiB, 25 % × 16384 MiB = 4096 MiB) = 4096 MiB,
    //   + 100 MiB eviction → 16384 − 4196 = 12188 MiB.
    const a = findInstance('azure', 'eastus', 'Standard_D4s_v5')?.allocatable;
    expect(a).toEqual({ cpuCores: 3.86, memoryBytes: 12188 * MIB, maxPods: 250 });
  });

  it('AKS: Standard_D16s_v5 hits a table point; Standard_E20s_v5 lies between two', () => {
    // 16 cores → 260 m (table). 64 GiB: min(5050, 16384) = 5050 MiB → 65536 − 5150 = 60386 MiB.
    expect(findInstance('azure', 'eastus', 'Standard_D16s_v5')?.allocatable).toEqual({ cpuCores: 15.74, memoryBytes: 60386 * MIB, maxPods: 250 });
    // 20 cores: 260 m + 10 m × 4 = 300 m (linear between 16 → 260 m and 32 → 420 m).
    expect(findInstance('azure', 'eastus', 'Standard_E20s_v5')?.allocatable?.cpuCores).toBe(19.7);
  });

  it('GCP shared-core machines carry no allocatable (GKE reserves differently)', () => {
    expect(findInstance('gcp', 'us-central1', 'e2-medium')?.allocatable).toBeNull();
    expect(findInstance('gcp', 'us-central1', 'e2-medium')?.category).toBe('burstable');
  });
});

describe('storage, egress and fallback prices against the reference files', () => {
  const netflix = JSON.parse(referenceText('raw/netflix-scm/3yr-reserved_zz-overrides.json'))['us-east-1'];
  const opencost = JSON.parse(referenceText('raw/opencost/default.json'));

  it('AWS gp3: $0.96/GiB-year → $0.08/GiB-month; IOPS above 3000: $0.06/yr → $0.005/month', () => {
    expect(netflix.drives.gp3.annual_cost_per_gib).toBe(0.96);
    expect(findUnitPrice('aws', 'us-east-1', 'blockStorage')?.usd).toBeCloseTo(0.96 / 12, 12);
    const iops = findUnitPrice('aws', 'us-east-1', 'blockStorageIops');
    expect(iops?.usd).toBeCloseTo(0.06 / 12, 12);
    expect(iops?.includedQuantity).toBe(3000);
    expect(iops?.asOf).toBe('2026-08-21');
  });

  it('AWS egress: inter-zone $0.02/GiB, internet tiers from the transfer schedule', () => {
    expect(findUnitPrice('aws', 'us-east-1', 'egressInterZone')?.usd).toBe(netflix.services['net.intra.region'].annual_cost_per_gib);
    const internet = findUnitPrice('aws', 'us-east-1', 'egressInternet');
    // [122880, 0.09] → first 10240 GiB/month at $0.09; widths 40960 and 102400 follow.
    expect(internet?.tiers).toEqual([
      { upToGiB: 10240, usd: 0.09 },
      { upToGiB: 51200, usd: 0.085 },
      { upToGiB: 153600, usd: 0.07 },
      { upToGiB: null, usd: 0.05 },
    ]);
  });

  it('OpenCost fallback: $0.00005479452/GB-h × 730 h ≈ $0.04/GB-month, undated', () => {
    const f = shippedCatalog().fallbackUnitPrices;
    expect(f.blockStorageGiBMonthUsd).toBeCloseTo(Number(opencost.storage) * 730, 6);
    expect(f.cpuCoreHourUsd).toBe(Number(opencost.CPU));
    expect(f.asOf).toBeNull();
  });

  it('items without a dated source say so and carry no price', () => {
    for (const provider of ['aws', 'gcp', 'azure'] as const) {
      const region = { aws: 'us-east-1', gcp: 'us-central1', azure: 'eastus' }[provider];
      for (const item of ['loadBalancer', 'controlPlane', 'managedPostgres', 'managedRedis'] as const) {
        const u = findUnitPrice(provider, region, item);
        expect(u?.usd).toBeNull();
        expect(u?.source).toBe('no-dated-source');
        expect(u?.note).toMatch(/no dated/);
      }
    }
    expect(findUnitPrice('azure', 'eastus', 'blockStorage')?.usd).toBeNull();
  });
});
