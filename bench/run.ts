// `npm run bench`: every benchmark of the project, one table. Exits non-zero when a target is missed.
// Pick areas with: npm run bench -- gateway policy
const AREAS = ["gateway", "policy", "auth", "audit", "poisoning", "inspection", "scan"];

interface Result {
  name: string;
  value: number;
  unit: string;
  target: string;
  pass: boolean;
}

const chosen = process.argv.slice(2).length ? process.argv.slice(2) : AREAS;
const rows: Array<Result & { area: string }> = [];
for (const area of chosen) {
  if (!AREAS.includes(area)) {
    console.error(`unknown area "${area}" (areas: ${AREAS.join(", ")})`);
    process.exit(2);
  }
  const mod = (await import(`./${area}.js`)) as { run: () => Promise<Result[]> };
  console.error(`-- ${area}`);
  for (const r of await mod.run()) rows.push({ area, ...r });
}
const w = Math.max(...rows.map((r) => r.name.length));
for (const r of rows) {
  console.log(
    `${r.pass ? "PASS" : "MISS"}  ${r.area.padEnd(10)} ${r.name.padEnd(w)}  ${String(r.value).padStart(10)} ${r.unit.padEnd(8)} target ${r.target}`,
  );
}
process.exit(rows.every((r) => r.pass) ? 0 : 1);
