// Regenerates src/pricing/catalog-data.json from the dated reference files in
// data/reference/pricing/ (`npm run catalog`). The output is deterministic — rows sorted, keys in a
// fixed order, one record per line — so a price refresh is a reviewable diff.
// `node scripts/build-catalog.mjs --check` exits 1 when the committed catalog is stale.
//
// The build logic is exported as pure functions of the files' text (`buildCatalog`,
// `serialiseCatalog`) so the test suite can regenerate the catalog in memory and compare.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Hours in a billing month: 730 = 8760 h / 12, the convention of the AWS Pricing Calculator and
 * the Google Cloud Pricing Calculator (and Azure's pricing calculator) for monthly estimates.
 */
export const HOURS_PER_MONTH = 730;

/** Reference files the catalog is built from, relative to data/reference/pricing/. */
export const REFERENCE_FILES = {
  sourcesMd: 'SOURCES.md',
  awsEc2: 'derived/aws_ec2_us-east-1.csv',
  gcpCompute: 'derived/gcp_compute_us-central1.csv',
  azureVm: 'derived/azure_vm_eastus.csv',
  azureSizes: 'mslearn/azure_vm_sizes.csv',
  opencost: 'raw/opencost/default.json',
  netflixAws: 'raw/netflix-scm/3yr-reserved_zz-overrides.json',
  awsNotice: 'raw/aws-karpenter/NOTICE',
  azureNotice: 'raw/azure-karpenter/NOTICE.txt',
  opencostNotice: 'raw/opencost/NOTICE',
  onpremParts: 'onprem/indicative-parts.csv',
};

const MIB = 2 ** 20;
const GIB = 2 ** 30;
const CHECKED = '2026-11-22';

// ---------------------------------------------------------------------------------------------
// Sources: every origin, date and licence (from data/reference/pricing/SOURCES.md and the
// documentation pages the reservation models cite).
// ---------------------------------------------------------------------------------------------

const SOURCES = [
  { id: 'aws-ec2-prices', title: 'Amazon EC2 on-demand Linux prices, us-east-1 (Karpenter generated price table)', url: 'https://github.com/aws/karpenter-provider-aws', repo: 'aws/karpenter-provider-aws', path: 'pkg/providers/pricing/zz_generated.pricing_aws.go', commit: '6fc13b523', licence: 'Apache-2.0', asOf: '2026-07-20', note: 'generated 2026-07-20T13:44:30Z from the AWS Pricing API; read via data/reference/pricing/derived/aws_ec2_us-east-1.csv' },
  { id: 'aws-ec2-specs', title: 'EC2 instance specs, baseline network bandwidth and Kubernetes allocatable (Karpenter instance-types reference)', url: 'https://github.com/aws/karpenter-provider-aws', repo: 'aws/karpenter-provider-aws', path: 'website/content/en/preview/reference/instance-types.md', commit: '692ccdd06', licence: 'Apache-2.0', asOf: '2026-07-11', note: "allocatable CPU/memory/max Pods are Karpenter's overhead model (AL2023, no custom block devices)" },
  { id: 'gcp-gce-prices', title: 'Compute Engine on-demand prices, us-central1 (cloudpilot-ai Karpenter provider price table)', url: 'https://github.com/cloudpilot-ai/karpenter-provider-gcp', repo: 'cloudpilot-ai/karpenter-provider-gcp', path: 'pkg/providers/pricing/initial-prices.json', commit: '373e2baa', licence: 'Apache-2.0', asOf: '2026-08-03', note: 'weekly CI refresh from the Cloud Billing Catalog API; read via data/reference/pricing/derived/gcp_compute_us-central1.csv' },
  { id: 'gcp-gce-specs', title: 'Compute Engine machine types: vCPUs, memory, shared-core flag', url: 'https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator', repo: 'Cyclenerd/google-cloud-pricing-cost-calculator', path: 'tools/machinetypes.csv', commit: '8c32d22', licence: 'Apache-2.0', asOf: '2026-07-01', note: 'memory in GB as reported by gcloud (memoryMb / 1024), i.e. GiB' },
  { id: 'gcp-gce-bandwidth', title: 'Compute Engine per-series maximum VM egress bandwidth', url: 'https://github.com/Cyclenerd/google-cloud-compute-machine-types', repo: 'Cyclenerd/google-cloud-compute-machine-types', path: 'instances/series/*.sql', commit: 'aceb2d3', licence: 'Apache-2.0', asOf: '2025-12-19', note: "networkGbps is the 'up to' per-VM egress cap" },
  { id: 'gcp-gpu-models', title: 'Compute Engine GPU models (GPU memory per model)', url: 'https://cloud.google.com/compute/docs/gpus', repo: null, path: null, commit: null, licence: 'CC BY 4.0', asOf: null, note: `used only where the model name does not state the memory (NVIDIA L4: 24 GB GDDR6); checked ${CHECKED}` },
  { id: 'gke-node-allocatable', title: 'GKE Standard node allocatable resources (memory and CPU reservations)', url: 'https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes', repo: null, path: null, commit: null, licence: 'CC BY 4.0', asOf: null, note: `reservation model applied to GCP rows; checked ${CHECKED}` },
  { id: 'azure-vm-prices', title: 'Azure VM pay-as-you-go prices, eastus (Azure Karpenter provider generated price table)', url: 'https://github.com/Azure/karpenter-provider-azure', repo: 'Azure/karpenter-provider-azure', path: 'pkg/providers/pricing/zz_generated.pricing.go', commit: '2b431da1', licence: 'Apache-2.0', asOf: '2026-06-18', note: 'generated 2026-06-18T03:43:41Z from the Azure Retail Prices API; read via data/reference/pricing/derived/azure_vm_eastus.csv' },
  { id: 'azure-vm-specs', title: 'Azure VM size specifications (Microsoft Learn size series pages)', url: 'https://learn.microsoft.com/azure/virtual-machines/sizes/overview', repo: 'MicrosoftDocs/azure-compute-docs', path: 'articles/virtual-machines/sizes/', commit: null, licence: 'CC BY 4.0', asOf: null, note: `vCPU, memory (GiB), max network bandwidth and GPUs per size, transcribed ${CHECKED} into data/reference/pricing/mslearn/azure_vm_sizes.csv with each page's commit` },
  { id: 'aks-node-allocatable', title: 'AKS node resource reservations', url: 'https://learn.microsoft.com/azure/aks/node-resource-reservations', repo: null, path: null, commit: null, licence: 'CC BY 4.0', asOf: null, note: `reservation model applied to Azure rows (AKS 1.29+); checked ${CHECKED}` },
  { id: 'netflix-scm-aws', title: 'Netflix service-capacity-modeling AWS unit costs (gp3, io2, transfer)', url: 'https://github.com/Netflix-Skunkworks/service-capacity-modeling', repo: 'Netflix-Skunkworks/service-capacity-modeling', path: 'service_capacity_modeling/hardware/profiles/pricing/aws/3yr-reserved_zz-overrides.json', commit: 'dc693073', licence: 'Apache-2.0', asOf: '2026-08-21', note: 'annual unit costs divided by 12; storage and transfer carry no reservation discount in this file (EBS has no reserved pricing: the gp3 and io2 figures are the on-demand list)' },
  { id: 'opencost-default', title: 'OpenCost fallback unit prices (configs/default.json)', url: 'https://github.com/opencost/opencost', repo: 'opencost/opencost', path: 'configs/default.json', commit: '0d1f69cc', licence: 'Apache-2.0', asOf: null, note: "undated upstream defaults, 'based on GCP us-central1'; a fallback only, never a dated price" },
  { id: 'onprem-seed', title: 'Free Intelligence horizontal-scaling plan, section 4 (seed document)', url: null, repo: null, path: 'shared/seeds/free-intelligence-horizontal-scaling.md', commit: null, licence: 'project seed document', asOf: '2025-10-28', note: 'indicative street prices quoted in the seed (document date 2025-10-28), not vendor quotes; edit them in a profile pricing: section' },
  { id: 'no-dated-source', title: 'No dated source in the reference files', url: null, repo: null, path: null, commit: null, licence: 'n/a', asOf: null, note: 'the catalog holds no price for this item; bills mark the line unpriced (or, for managed PostgreSQL/Redis, use the compute-equivalent instance price) until a profile pricing: section supplies one' },
];

// ---------------------------------------------------------------------------------------------
// Which instance families ship (a planner needs general, compute, memory, burstable and GPU
// families of the current generations, not the whole price list).
// ---------------------------------------------------------------------------------------------

const AWS_FAMILIES = {
  m7i: 'general', m7a: 'general', m7g: 'general',
  c7i: 'compute', c7g: 'compute',
  r7i: 'memory', r7g: 'memory',
  t3: 'burstable', t3a: 'burstable', t4g: 'burstable',
  g5: 'gpu', g6: 'gpu', g6e: 'gpu', p4d: 'gpu', p5: 'gpu',
};
const GCP_SERIES = new Set(['e2', 'n2', 'n2d', 'c3', 't2d', 'g2', 'a2', 'a3']);
const GCP_ARM_SERIES = new Set(['t2a', 'c4a', 'n4a']);
const AZURE_CATEGORY = { D: 'general', E: 'memory', F: 'compute', B: 'burstable', N: 'gpu' };
/** Largest non-GPU node kept (vCPU): bigger shapes are rarely a Kubernetes node-pool choice. */
const MAX_NON_GPU_VCPU = 96;
/** GPU memory where the model name does not state it (source: gcp-gpu-models). */
const GPU_MEMORY_GIB = { L4: 24 };

// ---------------------------------------------------------------------------------------------
// Kubernetes allocatable models for providers whose table does not carry it.
// ---------------------------------------------------------------------------------------------

/** Default max Pods per node on GKE Standard (source: gke-node-allocatable). */
export const GKE_MAX_PODS = 110;
/** Default max Pods per node on AKS with Azure CNI Overlay (source: aks-node-allocatable). */
export const AKS_MAX_PODS = 250;
const EVICTION_MIB = 100;

/*
 * GKE CPU reservation (gke-node-allocatable), in millicores for v vCPUs:
 *   6 % of the first core + 1 % of the second + 0.5 % of cores 3–4 + 0.25 % of every core above 4.
 */
export function gkeReservedCpuMilli(vcpu) {
  const tiers = [[1, 0.06], [1, 0.01], [2, 0.005], [Infinity, 0.0025]];
  return reserveByTiers(vcpu, tiers) * 1000;
}

/*
 * GKE memory reservation (gke-node-allocatable), in MiB for m GiB of machine memory:
 *   255 MiB if m < 1 GiB; else 25 % of the first 4 GiB + 20 % of the next 4 + 10 % of the next 8
 *   + 6 % of the next 112 + 2 % of everything above 128 GiB.
 * Allocatable memory = capacity − reservation − the 100 MiB hard-eviction threshold.
 */
export function gkeReservedMemoryMiB(memoryGiB) {
  if (memoryGiB < 1) return 255;
  const tiers = [[4, 0.25], [4, 0.2], [8, 0.1], [112, 0.06], [Infinity, 0.02]];
  return reserveByTiers(memoryGiB, tiers) * 1024;
}

/*
 * AKS CPU reservation (aks-node-allocatable), millicores: the published table is
 * 1 core 60, 2 cores 100, 4 cores 140, 8 cores 180, 16 cores 260, 32 cores 420, 64 cores 740.
 * Between table points it is linear: +40 m for the 2nd core, +20 m per core for cores 3–4 and
 * +10 m per core above 4 — which reproduces every table entry exactly; above 64 cores the
 * last slope (+10 m per core) is an extrapolation.
 */
export function aksReservedCpuMilli(vcpu) {
  if (vcpu <= 1) return 60 * vcpu;
  if (vcpu <= 2) return 60 + 40 * (vcpu - 1);
  if (vcpu <= 4) return 100 + 20 * (vcpu - 2);
  return 140 + 10 * (vcpu - 4);
}

/*
 * AKS memory reservation (aks-node-allocatable, AKS 1.29 and later), MiB:
 *   kube-reserved = min(20 MB × maxPods + 50 MB, 25 % of total memory)
 * (the page's "MB" is read as MiB), plus the memory.available < 100Mi eviction threshold.
 */
export function aksReservedMemoryMiB(memoryGiB, maxPods = AKS_MAX_PODS) {
  return Math.min(20 * maxPods + 50, 0.25 * memoryGiB * 1024);
}

function reserveByTiers(amount, tiers) {
  let left = amount;
  let reserved = 0;
  for (const [width, share] of tiers) {
    const take = Math.min(left, width);
    reserved += take * share;
    left -= take;
    if (left <= 0) break;
  }
  return reserved;
}

function gkeAllocatable(vcpu, memoryGiB) {
  return {
    cpuCores: round((vcpu * 1000 - gkeReservedCpuMilli(vcpu)) / 1000, 4),
    memoryBytes: Math.floor((memoryGiB * 1024 - gkeReservedMemoryMiB(memoryGiB) - EVICTION_MIB) * MIB),
    maxPods: GKE_MAX_PODS,
  };
}

function aksAllocatable(vcpu, memoryGiB) {
  return {
    cpuCores: round((vcpu * 1000 - aksReservedCpuMilli(vcpu)) / 1000, 4),
    memoryBytes: Math.floor((memoryGiB * 1024 - aksReservedMemoryMiB(memoryGiB) - EVICTION_MIB) * MIB),
    maxPods: AKS_MAX_PODS,
  };
}

// ---------------------------------------------------------------------------------------------
// Parsing helpers
// ---------------------------------------------------------------------------------------------

/** Parses RFC 4180 CSV text into objects keyed by the header row. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 1; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  const [header, ...body] = rows;
  return body.map((cells) => Object.fromEntries(header.map((h, j) => [h, cells[j] ?? ''])));
}

function num(text) {
  if (text === undefined || text.trim() === '') return null;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`not a number: ${JSON.stringify(text)}`);
  return n;
}

function round(x, digits) {
  return Number(x.toFixed(digits));
}

/** Money: 12 significant digits removes binary noise (0.96 / 12 → 0.08) without losing cents. */
function money(x) {
  return Number(x.toPrecision(12));
}

function parseMillicores(text) {
  return text.endsWith('m') ? Number(text.slice(0, -1)) / 1000 : Number(text);
}

function parseKubeBytes(text) {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi)?$/.exec(text);
  if (!m) throw new Error(`not a Kubernetes quantity: ${text}`);
  const scale = { Ki: 1024, Mi: MIB, Gi: GIB }[m[2] ?? ''] ?? 1;
  return Math.round(Number(m[1]) * scale);
}

function requireRow(condition, message) {
  if (!condition) throw new Error(message);
}

// ---------------------------------------------------------------------------------------------
// Instances
// ---------------------------------------------------------------------------------------------

function awsInstances(csvText) {
  const out = [];
  for (const r of parseCsv(csvText)) {
    const [family] = r.instance_type.split('.');
    const category = AWS_FAMILIES[family];
    const hourly = num(r.ondemand_usd_hr_us_east_1);
    if (!category || hourly === null || r.instance_type.includes('metal')) continue;
    const vcpu = num(r.vcpu);
    if (category !== 'gpu' && vcpu > MAX_NON_GPU_VCPU) continue;
    const gpuCount = num(r.gpu_count);
    const gpuMiB = num(r.gpu_memory_mib);
    out.push({
      provider: 'aws', region: 'us-east-1', name: r.instance_type, family, category,
      arch: r.arch, vcpu, memoryGiB: num(r.memory_gib),
      gpu: gpuCount ? { count: gpuCount, model: r.gpu_name.toUpperCase(), memoryGiB: gpuMiB === null ? null : round(gpuMiB / 1024, 2) } : null,
      networkGbps: num(r.network_baseline_mbps) === null ? null : round(num(r.network_baseline_mbps) / 1000, 3),
      hourlyUsd: hourly,
      allocatable: r.k8s_allocatable_cpu
        ? { cpuCores: parseMillicores(r.k8s_allocatable_cpu), memoryBytes: parseKubeBytes(r.k8s_allocatable_memory), maxPods: num(r.k8s_max_pods) }
        : null,
      source: 'aws-ec2-prices', asOf: '2026-07-20',
    });
  }
  return out;
}

function gcpCategory(r) {
  if (r.shared_cpu === 'True') return 'burstable';
  if (r.family === 'Accelerator-optimized') return 'gpu';
  if (r.family === 'Compute-optimized' || r.machine_type.includes('-highcpu')) return 'compute';
  if (r.family === 'Memory-optimized' || r.machine_type.includes('-highmem')) return 'memory';
  return 'general';
}

function gcpInstances(csvText) {
  const out = [];
  for (const r of parseCsv(csvText)) {
    const hourly = num(r.ondemand_usd_hr_us_central1);
    if (!GCP_SERIES.has(r.series) || hourly === null) continue;
    if (/-(lssd|metal|nolssd)$/.test(r.machine_type)) continue;
    const category = gcpCategory(r);
    const vcpu = num(r.vcpu);
    const memoryGiB = num(r.memory_gb);
    if (category !== 'gpu' && vcpu > MAX_NON_GPU_VCPU) continue;
    const gpuCount = num(r.gpu_count);
    let gpu = null;
    if (gpuCount) {
      const stated = /(\d+)GB/.exec(r.gpu_name);
      gpu = { count: gpuCount, model: r.gpu_name, memoryGiB: stated ? Number(stated[1]) : GPU_MEMORY_GIB[r.gpu_name] ?? null };
    }
    out.push({
      provider: 'gcp', region: 'us-central1', name: r.machine_type,
      family: category === 'burstable' ? `${r.series}-shared-core` : r.machine_type.replace(/-\d+g?$/, ''),
      category, arch: GCP_ARM_SERIES.has(r.series) ? 'arm64' : 'amd64', vcpu, memoryGiB, gpu,
      networkGbps: num(r.max_egress_gbps),
      hourlyUsd: hourly,
      // Shared-core machines get a different GKE reservation that the model below does not cover.
      allocatable: category === 'burstable' ? null : gkeAllocatable(vcpu, memoryGiB),
      source: 'gcp-gce-prices', asOf: '2026-08-03',
    });
  }
  return out;
}

function azureInstances(priceCsv, sizesCsv) {
  const prices = new Map(parseCsv(priceCsv).map((r) => [r.sku, r]));
  const out = [];
  const dropped = [];
  for (const s of parseCsv(sizesCsv)) {
    const p = prices.get(s.size);
    if (!p || num(p.ondemand_usd_hr) === null) { dropped.push(`${s.size} (no eastus price)`); continue; }
    if (p.flag !== '') { dropped.push(`${s.size} (flagged, possible Windows meter: ${p.ondemand_usd_hr})`); continue; }
    const vcpu = num(s.vcpu);
    const memoryGiB = num(s.memory_gib);
    requireRow(num(p.name_vcpu) === vcpu, `${s.size}: vCPU ${s.vcpu} (Microsoft Learn) ≠ ${p.name_vcpu} (price table)`);
    const category = AZURE_CATEGORY[s.size.replace('Standard_', '')[0]];
    out.push({
      provider: 'azure', region: 'eastus', name: s.size, family: s.series, category, arch: 'amd64',
      vcpu, memoryGiB,
      gpu: s.gpu_model ? { count: num(s.gpu_count), model: s.gpu_model, memoryGiB: num(s.gpu_memory_gib_each) } : null,
      networkGbps: round(num(s.network_mbps) / 1000, 3),
      hourlyUsd: num(p.ondemand_usd_hr),
      allocatable: aksAllocatable(vcpu, memoryGiB),
      source: 'azure-vm-prices', asOf: '2026-06-18',
    });
  }
  return { instances: out, dropped };
}

const CATEGORY_ORDER = ['general', 'compute', 'memory', 'burstable', 'gpu'];
const PROVIDER_ORDER = ['aws', 'gcp', 'azure'];

function compareInstances(a, b) {
  return PROVIDER_ORDER.indexOf(a.provider) - PROVIDER_ORDER.indexOf(b.provider)
    || byCodePoint(a.region, b.region)
    || CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category)
    || byCodePoint(a.family, b.family)
    || a.vcpu - b.vcpu
    || a.memoryGiB - b.memoryGiB
    || byCodePoint(a.name, b.name);
}

/** Locale-independent string order, so the output does not depend on the machine's locale. */
function byCodePoint(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Unit prices (storage, IOPS, egress, services)
// ---------------------------------------------------------------------------------------------

const ITEMS = [
  ['blockStorage', 'GiB-month'],
  ['blockStorageIops', 'IOPS-month'],
  ['blockStorageThroughput', 'MiB/s-month'],
  ['egressInternet', 'GiB'],
  ['egressInterZone', 'GiB'],
  ['egressInterRegion', 'GiB'],
  ['loadBalancer', 'hour'],
  ['controlPlane', 'hour'],
  ['managedPostgres', 'node-hour'],
  ['managedRedis', 'node-hour'],
];
const REGIONS = { aws: 'us-east-1', gcp: 'us-central1', azure: 'eastus' };

function awsUnitPrices(netflixText) {
  const region = JSON.parse(netflixText)['us-east-1'];
  const gp3 = region.drives.gp3;
  const readTiers = JSON.stringify(gp3.annual_cost_per_read_io);
  requireRow(readTiers === JSON.stringify(gp3.annual_cost_per_write_io), 'gp3 read and write IOPS prices differ');
  const [[includedIops, freeTierPrice], [maxIops, iopsAnnual]] = gp3.annual_cost_per_read_io;
  requireRow(freeTierPrice === 0, 'gp3 baseline IOPS are expected to be free');
  const base = { provider: 'aws', region: 'us-east-1', source: 'netflix-scm-aws', asOf: '2026-08-21' };
  // io2: provisioned IOPS priced per volume in tiers [up to IOPS, $/IOPS-year], none included.
  // The file is named "3yr-reserved", but EBS volumes have no reservation: its drive figures
  // ($0.125/GiB, $0.065, $0.046, $0.032 an IOPS once divided by 12) are the on-demand list.
  const io2 = region.drives.io2;
  requireRow(JSON.stringify(io2.annual_cost_per_read_io) === JSON.stringify(io2.annual_cost_per_write_io), 'io2 read and write IOPS prices differ');
  const io2Tiers = io2.annual_cost_per_read_io.map(([upTo, annual]) => ({ upTo, usd: money(annual / 12) }));
  // Netflix's transfer tiers are [annual GiB, $/GiB]; the GiB figures are tier widths
  // (10, 40 and 100 TiB per month once divided by 12), the last tier open-ended (-1).
  let cumulative = 0;
  const tiers = region.services['dynamo.transfer'].annual_cost_per_gib.map(([annualGiB, usd]) => {
    if (annualGiB < 0) return { upToGiB: null, usd };
    cumulative += annualGiB / 12;
    return { upToGiB: cumulative, usd };
  });
  return [
    unitPrice({ ...base, item: 'blockStorage', variant: 'gp3', usd: money(gp3.annual_cost_per_gib / 12), note: 'EBS gp3 volume storage' }),
    unitPrice({ ...base, item: 'blockStorage', variant: 'io2', usd: money(io2.annual_cost_per_gib / 12), note: 'EBS io2 volume storage' }),
    unitPrice({ ...base, item: 'blockStorageIops', variant: 'gp3', usd: money(iopsAnnual / 12), includedQuantity: includedIops, maxQuantity: maxIops, note: `gp3 provisioned IOPS above the ${includedIops} included per volume, up to ${maxIops}` }),
    unitPrice({ ...base, item: 'blockStorageIops', variant: 'io2', usd: io2Tiers[0].usd, volumeTiers: io2Tiers, includedQuantity: 0, maxQuantity: io2Tiers.at(-1).upTo, note: `io2 provisioned IOPS, none included, tiered per volume (${io2Tiers.map((t) => `$${t.usd} up to ${t.upTo}`).join(', ')})` }),
    // gp3 throughput: 125 MiB/s included per volume, up to 1000 (AWS EBS gp3 documentation); the reference files give no price for the rest.
    unitPrice({ provider: 'aws', region: 'us-east-1', item: 'blockStorageThroughput', variant: 'gp3', usd: null, includedQuantity: GP3_INCLUDED_MIBS, maxQuantity: GP3_MAX_MIBS, source: 'no-dated-source', asOf: null, note: `no dated price in the reference files for gp3 throughput above the ${GP3_INCLUDED_MIBS} MiB/s included per volume; supply it as pricing.storage.throughputUsdPerMiBsMonth` }),
    unitPrice({ ...base, item: 'egressInternet', usd: tiers[0].usd, tiers, note: "data transfer out to the internet, tiered per month; Netflix's dynamo.transfer schedule (AWS data-transfer-out tiers) applied to all internet egress" }),
    unitPrice({ ...base, item: 'egressInterZone', usd: region.services['net.intra.region'].annual_cost_per_gib, note: 'cross-zone transfer within the region (Netflix net.intra.region), per GiB moved' }),
    unitPrice({ ...base, item: 'egressInterRegion', usd: region.services['net.inter.region'].annual_cost_per_gib, note: 'transfer between regions (Netflix net.inter.region), per GiB moved' }),
  ];
}

/** gp3 throughput included with every volume and the most one volume takes, MiB/s (AWS EBS gp3 documentation). */
const GP3_INCLUDED_MIBS = 125;
const GP3_MAX_MIBS = 1000;

/** One unit-price record with every key present, in a fixed order. */
function unitPrice(p) {
  return {
    provider: p.provider, region: p.region, item: p.item, variant: p.variant ?? null,
    unit: ITEMS.find(([item]) => item === p.item)[1], usd: p.usd, tiers: p.tiers ?? null, volumeTiers: p.volumeTiers ?? null,
    includedQuantity: p.includedQuantity ?? null, maxQuantity: p.maxQuantity ?? null,
    source: p.source, asOf: p.asOf, note: p.note,
  };
}

function gapNote(provider, item) {
  if (item === 'managedPostgres' || item === 'managedRedis') {
    return 'no dated managed-service price in the reference files; bills use the compute-equivalent instance price';
  }
  if (provider === 'gcp' && item !== 'loadBalancer' && item !== 'controlPlane' && item !== 'blockStorageIops' && item !== 'blockStorageThroughput') {
    return "no dated source; OpenCost's undated GCP us-central1 default is in fallbackUnitPrices";
  }
  return 'no dated source in the reference files; supply one in the profile pricing: section';
}

function unitPrices(netflixText) {
  const priced = awsUnitPrices(netflixText);
  const out = [...priced];
  for (const provider of PROVIDER_ORDER) {
    for (const [item] of ITEMS) {
      if (priced.some((p) => p.provider === provider && p.item === item)) continue;
      out.push(unitPrice({ provider, region: REGIONS[provider], item, usd: null, source: 'no-dated-source', asOf: null, note: gapNote(provider, item) }));
    }
  }
  const itemOrder = ITEMS.map(([item]) => item);
  return out.sort((a, b) => PROVIDER_ORDER.indexOf(a.provider) - PROVIDER_ORDER.indexOf(b.provider)
    || itemOrder.indexOf(a.item) - itemOrder.indexOf(b.item));
}

function opencostFallback(text) {
  const d = JSON.parse(text);
  return {
    source: 'opencost-default', asOf: null, basis: d.description,
    cpuCoreHourUsd: Number(d.CPU),
    memoryGiBHourUsd: Number(d.RAM),
    gpuHourUsd: Number(d.GPU),
    // 0.00005479452 $/GB-h is OpenCost's 0.04 $/GB-month divided by 730 h, truncated.
    blockStorageGiBMonthUsd: round(Number(d.storage) * HOURS_PER_MONTH, 6),
    egressInternetUsdPerGiB: Number(d.internetNetworkEgress),
    egressInterZoneUsdPerGiB: Number(d.zoneNetworkEgress),
    egressInterRegionUsdPerGiB: Number(d.regionNetworkEgress),
  };
}

// ---------------------------------------------------------------------------------------------
// On-prem parts, notices, disclaimer
// ---------------------------------------------------------------------------------------------

function onpremParts(csvText) {
  return parseCsv(csvText).map((r) => ({
    id: r.id, kind: r.kind, name: r.name, capexUsd: num(r.capex_usd),
    cores: num(r.cores), memoryGiB: num(r.memory_gib),
    capacityBytes: num(r.capacity_gb) === null ? null : num(r.capacity_gb) * 1e9,
    ports10GbE: num(r.ports_10gbe), ports25GbE: num(r.ports_25gbe), speedGbps: num(r.speed_gbps), bays: num(r.bays),
    indicative: true, source: 'onprem-seed', asOf: '2025-10-28', quote: r.seed_quote, note: r.note || null,
  }));
}

/** The AWS price-list disclaimer, quoted in SOURCES.md as a Markdown block quote. */
function awsDisclaimer(sourcesMd) {
  const quoted = sourcesMd.split('\n').filter((l) => l.startsWith('> ')).map((l) => l.slice(2).trim());
  const text = quoted.join(' ').replace(/^"|"$/g, '');
  requireRow(text.includes('informational purposes only'), 'AWS disclaimer not found in SOURCES.md');
  return text;
}

function notice(sources, text) {
  return { sources, licence: 'Apache-2.0', text: text.trim() };
}

// ---------------------------------------------------------------------------------------------
// Catalog
// ---------------------------------------------------------------------------------------------

/** Builds the catalog object from the reference files' text, keyed as in REFERENCE_FILES. */
export function buildCatalog(files) {
  const azure = azureInstances(files.azureVm, files.azureSizes);
  const instances = [...awsInstances(files.awsEc2), ...gcpInstances(files.gcpCompute), ...azure.instances].sort(compareInstances);
  const sources = SOURCES.map((s) => (s.id === 'azure-vm-prices'
    ? { ...s, note: `${s.note}; rows not shipped: ${azure.dropped.join(', ')}` }
    : s));
  return {
    schemaVersion: 1,
    hoursPerMonth: HOURS_PER_MONTH,
    hoursPerMonthNote: '730 h = 8760 h / 12, the month of the AWS and Google Cloud pricing calculators',
    disclaimers: { aws: awsDisclaimer(files.sourcesMd) },
    providers: [
      { provider: 'aws', region: 'us-east-1', priceSource: 'aws-ec2-prices', specSource: 'aws-ec2-specs', allocatableSource: 'aws-ec2-specs', networkBasis: 'baseline bandwidth', disclaimer: 'aws' },
      { provider: 'gcp', region: 'us-central1', priceSource: 'gcp-gce-prices', specSource: 'gcp-gce-specs', allocatableSource: 'gke-node-allocatable', networkBasis: 'maximum egress (up to)', disclaimer: null },
      { provider: 'azure', region: 'eastus', priceSource: 'azure-vm-prices', specSource: 'azure-vm-specs', allocatableSource: 'aks-node-allocatable', networkBasis: 'maximum aggregate bandwidth (up to)', disclaimer: null },
    ],
    sources,
    notices: [
      notice(['aws-ec2-prices', 'aws-ec2-specs'], files.awsNotice),
      notice(['azure-vm-prices'], files.azureNotice),
      notice(['opencost-default'], files.opencostNotice),
      { sources: ['gcp-gce-prices', 'gcp-gce-specs', 'gcp-gce-bandwidth', 'netflix-scm-aws'], licence: 'Apache-2.0', text: 'Contains data from cloudpilot-ai/karpenter-provider-gcp, Cyclenerd/google-cloud-pricing-cost-calculator, Cyclenerd/google-cloud-compute-machine-types and Netflix-Skunkworks/service-capacity-modeling, licensed under the Apache License 2.0.' },
      { sources: ['azure-vm-specs', 'aks-node-allocatable', 'gke-node-allocatable', 'gcp-gpu-models'], licence: 'CC BY 4.0', text: 'Azure VM size specifications from Microsoft Learn (MicrosoftDocs/azure-compute-docs), © Microsoft, licensed under CC BY 4.0. Node reservation models from the AKS and GKE documentation (CC BY 4.0).' },
    ],
    instances,
    unitPrices: unitPrices(files.netflixAws),
    fallbackUnitPrices: opencostFallback(files.opencost),
    onprem: {
      amortisationMonths: 36,
      note: 'indicative street prices, not quotes; edit them in a profile pricing: section',
      parts: onpremParts(files.onpremParts),
    },
  };
}

/** Serialises the catalog with stable key order and one array element per line. */
export function serialiseCatalog(catalog) {
  return `${block(catalog, '')}\n`;
}

function block(value, indent) {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${indent}  ${JSON.stringify(v)}`).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const lines = Object.keys(value).map((k) => `${indent}  ${JSON.stringify(k)}: ${block(value[k], `${indent}  `)}`);
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** Reads the reference files from a directory URL. */
export async function readReferenceFiles(dirUrl) {
  const entries = await Promise.all(Object.entries(REFERENCE_FILES).map(async ([key, rel]) => [key, await readFile(new URL(rel, dirUrl), 'utf8')]));
  return Object.fromEntries(entries);
}

async function main() {
  const root = new URL('../', import.meta.url);
  const files = await readReferenceFiles(new URL('data/reference/pricing/', root));
  const text = serialiseCatalog(buildCatalog(files));
  const target = new URL('src/pricing/catalog-data.json', root);
  if (process.argv.includes('--check')) {
    const current = await readFile(target, 'utf8').catch(() => '');
    if (current !== text) {
      process.stderr.write('src/pricing/catalog-data.json is stale: run `npm run catalog`\n');
      process.exitCode = 1;
    }
    return;
  }
  await writeFile(target, text);
  process.stderr.write(`wrote ${fileURLToPath(target)} (${Buffer.byteLength(text)} bytes)\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
