/**
 * Runs a command's `main` and exits with the code it answers; an error it throws is printed
 * (its message only, never a stack with secrets in it) and exits 2, the commands' "could not run".
 */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(2);
    },
  );
}
