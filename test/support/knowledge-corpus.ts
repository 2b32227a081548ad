// A small runbook-like corpus for knowledge index tests: the default fleet's tags and limits, in
// the shape a plant writes runbooks (symptoms, causes, checks, actions), plus a few questions with
// the document and heading that answer them.
export const CORPUS: Record<string, string> = {
  'pressure.md': `# Pressure line runbook (device-002)

Applies to the pressure transmitter on device-002, signal \`pressure\`, unit psi.
Normal range 10–50 psi. Alarm when above 55 psi or below 5 psi.

## Symptoms

- PRESSURE HIGH alarm on device-002 with the value rising over several minutes.
- Relief valve chatter audible near the header.

## Probable causes

1. Downstream isolation valve closed or partly closed.
2. Blocked filter element (differential pressure above 8 psi).
3. Pressure regulator drift after maintenance.

## Checks in order

1. Confirm the reading on the local gauge PG-201 before acting on the transmitter value.
2. Check the isolation valve HV-204 position from the field.
3. Read the filter differential pressure.

## Actions

Open HV-204 slowly. Replace the filter element if the differential is above 8 psi.

## Escalation

Call the shift engineer if pressure stays above 55 psi for more than 10 minutes.

## Safety notes

Never isolate the relief valve PSV-210. Wear hearing protection near the header.
`,
  'temperature.md': `# Oven temperature runbook (device-001)

Signal \`temperature\` in celsius. Normal 20–80 °C. High alarm above 85 °C, low alarm below 15 °C.

## Symptoms

Overheating of the oven zone; temperature climbing past 85 °C.

## Probable causes

- Cooling fan failure or blocked air intake.
- Thermocouple TE-101 drifting or open circuit.

## Checks in order

1. Compare TE-101 with the handheld reference thermometer.
2. Check the cooling fan current and the air intake screen.

## Actions

Reduce the burner setpoint by 10 °C and clean the intake screen.
`,
  'counter.txt': `Production counter (device-004), signal production_counter in units/hour.
Normal 100 to 500 units per hour. Low alarm below 50 units/hour.
A low count usually means a jam at the infeed conveyor or an upstream starvation.
Check the infeed photo-eye PE-401 for dirt, then the conveyor drive VFD fault code.
`,
  'vibration.html': `<!doctype html><html><head><title>Vibration runbook</title>
<style>h1 { color: red }</style><script>var secret = "do not index";</script></head>
<body><h1>Vibration (device-003)</h1>
<p>Signal <code>vibration</code> in Hz. Alarm above 120&nbsp;Hz.</p>
<h2>Probable causes</h2>
<ul><li>Bearing wear on the motor &amp; pump coupling</li><li>Misalignment after maintenance</li></ul>
<h2>Actions</h2><p>Stop the pump if vibration exceeds 150 Hz &mdash; bearing failure is imminent.</p>
</body></html>`,
};

export interface CorpusQuestion {
  q: string;
  doc: string;
  /** Words the answering passage contains. */
  contains: string;
}

export const QUESTIONS: readonly CorpusQuestion[] = [
  { q: 'device-002', doc: 'pressure.md', contains: 'device-002' },
  { q: 'production_counter low', doc: 'counter.txt', contains: 'production_counter' },
  { q: 'what does HV-204 do', doc: 'pressure.md', contains: 'HV-204' },
  { q: 'pressure too high, what should I check first?', doc: 'pressure.md', contains: 'PG-201' },
  { q: 'oven overheating', doc: 'temperature.md', contains: 'Overheating' },
  { q: 'thermocouple drift', doc: 'temperature.md', contains: 'TE-101' },
  { q: 'when do I call the shift engineer', doc: 'pressure.md', contains: 'shift engineer' },
  { q: 'bearing failure', doc: 'vibration.html', contains: 'bearing' },
  { q: 'jam on the infeed conveyor', doc: 'counter.txt', contains: 'infeed' },
  { q: 'relief valve safety', doc: 'pressure.md', contains: 'PSV-210' },
  { q: 'replace filter', doc: 'pressure.md', contains: 'filter' },
  { q: 'misaligned pump', doc: 'vibration.html', contains: 'Misalignment' },
  // word forms, partial tags and paraphrases
  { q: 'overheat', doc: 'temperature.md', contains: 'Overheating' },
  { q: 'fans', doc: 'temperature.md', contains: 'fan' },
  { q: 'chattering relief valve', doc: 'pressure.md', contains: 'chatter' },
  { q: 'hearing protection', doc: 'pressure.md', contains: 'hearing' },
  { q: 'differential pressure above 8 psi', doc: 'pressure.md', contains: 'differential' },
  { q: 'lower the burner setpoint', doc: 'temperature.md', contains: 'burner' },
  { q: 'dirty photo eye', doc: 'counter.txt', contains: 'photo-eye' },
  { q: 'VFD fault code', doc: 'counter.txt', contains: 'VFD' },
  { q: 'starved upstream', doc: 'counter.txt', contains: 'starvation' },
  { q: 'coupling wear', doc: 'vibration.html', contains: 'coupling' },
  { q: 'who do I escalate to', doc: 'pressure.md', contains: 'shift engineer' },
  { q: 'PSV', doc: 'pressure.md', contains: 'PSV-210' },
  { q: 'temperature above 85', doc: 'temperature.md', contains: '85' },
  { q: 'vibration over 150 Hz', doc: 'vibration.html', contains: '150' },
];
