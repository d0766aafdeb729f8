/** The region an AWS SDK client resolves from the default chain, or undefined when none is configured. */
export async function resolvedRegion(client: { config: { region: () => Promise<string> } }): Promise<string | undefined> {
  try {
    return await client.config.region();
  } catch {
    return undefined;
  }
}
