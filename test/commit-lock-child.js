// One contender for the commit lock (test/commit-lock.test.ts): waits for the go file, then takes the lock `rounds`
// times; inside, appends "enter <runId> <round>" and "exit <runId> <round>" lines to the log file around a short
// hold. Runs the built module (dist/), as a second process would. Prints one JSON line when done.
const fs = require('node:fs');
const { withCommitLock } = require('../dist/table-format/delta/commit-lock');
const { openStorage } = require('../dist/storage/open-storage');

async function main() {
  const [location, runId, logFile, goFile, rounds, holdMs] = process.argv.slice(2);
  const lake = openStorage(location);
  while (!fs.existsSync(goFile)) await new Promise((r) => setTimeout(r, 2));
  for (let round = 0; round < Number(rounds); round++) {
    await withCommitLock(
      lake,
      runId,
      async (lock) => {
        fs.appendFileSync(logFile, `enter ${runId} ${round} ${Date.now()}\n`);
        await new Promise((r) => setTimeout(r, Number(holdMs)));
        await lock.assertHeld();
        fs.appendFileSync(logFile, `exit ${runId} ${round} ${Date.now()}\n`);
      },
      { pollMs: 10, ttlMs: 10_000, waitMs: 60_000 },
    );
  }
  console.log(JSON.stringify({ runId, rounds: Number(rounds) }));
}

main().catch((err) => {
  console.error(err.stack);
  process.exit(1);
});
