/** How many hits a search returns when it is not told: the CLI (its lean entry and yargs alike) and the MCP tool. */
export const defaultSearchLimit = 10;
