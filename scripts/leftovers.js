// Finds and ends the processes a test tier left running, by the marker in their environment
// (DRC_TEST_RUN), which every process the tier started inherits, wherever it was re-parented.
const fs = require('fs');

/** Processes whose environment holds DRC_TEST_RUN=`marker`, except this one. */
function marked(marker) {
  const needle = Buffer.from(`DRC_TEST_RUN=${marker}\0`);
  const found = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (!fs.readFileSync(`/proc/${entry}/environ`).includes(needle)) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') continue;
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 160);
      found.push({ pid: Number(entry), command });
    } catch {
      // Ended while we looked, or not ours to read.
    }
  }
  return found;
}

/**
 * Ends every process still marked with `marker`: SIGTERM first (dockerd then stops its
 * containerd), SIGKILL for whatever remains after `graceMs`. Resolves with what was found.
 */
async function endLeftovers(marker, graceMs = 5000) {
  if (process.platform !== 'linux') return [];
  const found = marked(marker);
  for (const p of found) kill(p.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (marked(marker).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const p of marked(marker)) kill(p.pid, 'SIGKILL');
  return found;
}

function kill(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone already.
  }
}

module.exports = { endLeftovers };
