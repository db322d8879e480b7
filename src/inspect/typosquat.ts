/**
 * Typosquat detection: a package whose name is one slip away from a popular package is a common
 * way to get malware installed. Pure; the list of popular names is embedded.
 */

/** Popular npm packages and well-known MCP server packages that impostors imitate. */
export const POPULAR_PACKAGES: readonly string[] = [
  // MCP
  "@modelcontextprotocol/sdk",
  "@modelcontextprotocol/server-filesystem",
  "@modelcontextprotocol/server-memory",
  "@modelcontextprotocol/server-everything",
  "@modelcontextprotocol/server-sequential-thinking",
  "@modelcontextprotocol/server-github",
  "@modelcontextprotocol/server-gitlab",
  "@modelcontextprotocol/server-puppeteer",
  "@modelcontextprotocol/server-brave-search",
  "@modelcontextprotocol/server-slack",
  "@modelcontextprotocol/server-postgres",
  "@modelcontextprotocol/server-google-maps",
  "@modelcontextprotocol/server-redis",
  "@modelcontextprotocol/inspector",
  "mcp-remote",
  "@playwright/mcp",
  "@upstash/context7-mcp",
  "firecrawl-mcp",
  "@notionhq/notion-mcp-server",
  "@supabase/mcp-server-supabase",
  "@stripe/mcp",
  "figma-developer-mcp",
  "@browsermcp/mcp",
  "exa-mcp-server",
  "tavily-mcp",
  "@wonderwhy-er/desktop-commander",
  "@cloudflare/mcp-server-cloudflare",
  "@sentry/mcp-server",
  "@azure/mcp",
  "@heroku/mcp-server",
  "@anthropic-ai/sdk",
  "@anthropic-ai/claude-code",
  "openai",
  // Ecosystem
  "react",
  "react-dom",
  "preact",
  "redux",
  "lodash",
  "lodash-es",
  "express",
  "axios",
  "chalk",
  "commander",
  "debug",
  "moment",
  "request",
  "typescript",
  "webpack",
  "@babel/core",
  "eslint",
  "prettier",
  "jest",
  "mocha",
  "chai",
  "vue",
  "next",
  "nuxt",
  "dotenv",
  "uuid",
  "yargs",
  "minimist",
  "async",
  "bluebird",
  "underscore",
  "jquery",
  "cross-env",
  "colors",
  "body-parser",
  "cookie-parser",
  "cors",
  "mongoose",
  "mongodb",
  "mysql",
  "mysql2",
  "pg",
  "redis",
  "ioredis",
  "socket.io",
  "socket.io-client",
  "ws",
  "zod",
  "yaml",
  "js-yaml",
  "semver",
  "glob",
  "rimraf",
  "mkdirp",
  "fs-extra",
  "node-fetch",
  "got",
  "superagent",
  "inquirer",
  "ora",
  "esbuild",
  "rollup",
  "vite",
  "tslib",
  "rxjs",
  "ramda",
  "date-fns",
  "dayjs",
  "classnames",
  "prop-types",
  "styled-components",
  "tailwindcss",
  "postcss",
  "autoprefixer",
  "sass",
  "nodemon",
  "pm2",
  "winston",
  "pino",
  "bcrypt",
  "bcryptjs",
  "jsonwebtoken",
  "passport",
  "helmet",
  "morgan",
  "multer",
  "nodemailer",
  "sharp",
  "puppeteer",
  "playwright",
  "cheerio",
  "marked",
  "handlebars",
  "ejs",
  "pug",
  "graphql",
  "@apollo/client",
  "prisma",
  "@prisma/client",
  "sequelize",
  "typeorm",
  "knex",
  "sqlite3",
  "better-sqlite3",
  "electron",
  "@angular/core",
  "svelte",
  "ethers",
  "web3",
  "langchain",
  "discord.js",
  "twilio",
  "stripe",
  "aws-sdk",
  "@aws-sdk/client-s3",
  "firebase",
  "firebase-admin",
  "googleapis",
  "chokidar",
  "execa",
  "shelljs",
  "cross-spawn",
  "which",
  "ms",
  "qs",
  "path-to-regexp",
  "tar",
  "archiver",
  "adm-zip",
  "jszip",
  "xml2js",
  "csv-parse",
  "papaparse",
  "crypto-js",
  "node-forge",
  "eventsource",
  "cypress",
  "vitest",
  "ts-node",
  "tsx",
  "husky",
  "lint-staged",
  "concurrently",
  "http-server",
  "qrcode",
  "event-stream",
  "ua-parser-js",
  "node-ipc",
  "coa",
  "rc",
  "form-data",
  "follow-redirects",
  "tough-cookie",
  "jsdom",
  "undici",
  "kleur",
  "picocolors",
];

/** Optimal-string-alignment distance (edits, with adjacent swaps counting as one), capped. */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(
        (rows[i - 1]?.[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (rows[i - 1]?.[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > cap) return cap + 1;
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? cap + 1;
}

/** Folds separators and scope punctuation away: `@scope/name-js` and `scope-namejs` compare equal. */
function folded(name: string): string {
  return name
    .toLowerCase()
    .replace(/^@/, "")
    .replace(/[-_./]/g, "");
}

/**
 * The popular package a name imitates, if it looks like a typosquat of one.
 *
 * @example
 * typosquatTarget("expresss"); // "express"
 * typosquatTarget("@modelcontextprotocol/server-filesytem"); // "@modelcontextprotocol/server-filesystem"
 * typosquatTarget("express"); // undefined
 */
export function typosquatTarget(
  name: string,
  popular: readonly string[] = POPULAR_PACKAGES,
): string | undefined {
  const lower = name.toLowerCase();
  if (popular.includes(lower)) return undefined;
  for (const p of popular) {
    if (folded(p) === folded(lower)) return p;
    const d = editDistance(lower, p, 2);
    const rest = p.includes("/") ? p.slice(p.indexOf("/") + 1) : p;
    if ((d === 1 && rest.length >= 4) || (d === 2 && rest.length >= 10)) return p;
  }
  return undefined;
}
