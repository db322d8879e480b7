import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { LineDecoder, ProtocolError, decodeMessage } from "../protocol/codec.js";
import type { JsonRpcMessage } from "../protocol/jsonrpc.js";
import type { Logger } from "../log.js";
import type { UpstreamTransport } from "./transport.js";

export interface StdioServerSpec {
  command: string;
  args: string[];
  /** Variables declared for this server; nothing else from the gateway's environment is passed. */
  env: Record<string, string>;
  cwd?: string;
}

/** Variables a child always gets from the gateway so it can find its runtime. */
const INHERITED = ["PATH", "HOME"];

/** The child's whole environment: the declared variables plus PATH and HOME, nothing more. */
export function childEnvironment(
  declared: Record<string, string>,
  parent = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of INHERITED) {
    const v = parent[k];
    if (v !== undefined) env[k] = v;
  }
  return { ...env, ...declared };
}

/**
 * Runs an MCP server as a child process and speaks newline-delimited JSON-RPC on its stdio.
 * Shutdown closes stdin, then sends SIGTERM, then SIGKILL, so a server gets the chance to exit
 * cleanly but can never outlive the gateway.
 */
export class StdioTransport implements UpstreamTransport {
  private child?: ChildProcessWithoutNullStreams;
  private closed = false;
  onmessage?: (message: JsonRpcMessage) => void;
  onclose?: (reason: string) => void;
  onerror?: (error: Error) => void;

  constructor(
    private readonly spec: StdioServerSpec,
    private readonly log: Logger,
    private readonly graceMs = 2000,
  ) {}

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.spec.command, this.spec.args, {
        env: childEnvironment(this.spec.env),
        cwd: this.spec.cwd,
        stdio: ["pipe", "pipe", "pipe"],
      });
      this.child = child;
      const decoder = new LineDecoder(
        (line) => this.receive(line),
        (bytes) => this.log.warn({ bytes }, "upstream sent an oversize line; dropped"),
      );
      child.stdout.on("data", (chunk: Buffer) => decoder.push(chunk));
      const stderr = new LineDecoder(
        (line) => this.log.info({ stream: "stderr" }, line),
        () => {},
        64 * 1024,
      );
      child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
      child.stdin.on("error", (e) => this.log.debug({ err: e.message }, "upstream stdin error"));
      child.once("spawn", () => resolve());
      child.once("error", (e) => {
        if (!this.closed) {
          this.closed = true;
          this.onclose?.(`could not start ${this.spec.command}: ${e.message}`);
        }
        reject(e);
      });
      child.once("exit", (code, signal) => {
        if (this.closed) return;
        this.closed = true;
        this.onclose?.(signal ? `exited on signal ${signal}` : `exited with code ${code}`);
      });
    });
  }

  private receive(line: string): void {
    let message: JsonRpcMessage;
    try {
      message = decodeMessage(line);
    } catch (e) {
      if (e instanceof ProtocolError) {
        this.log.warn(
          { err: e.message, line: line.slice(0, 200) },
          "upstream wrote a line that is not JSON-RPC",
        );
        return;
      }
      throw e;
    }
    this.onmessage?.(message);
  }

  send(message: JsonRpcMessage): void {
    const child = this.child;
    if (this.closed || !child || child.stdin.destroyed) throw new Error("upstream process is not running");
    // Lines sent in one turn of the event loop go out in one write: each write to the pipe wakes
    // the server, and under load that wake-up costs more than the message itself.
    if (this.outgoing === "") setImmediate(this.flush);
    this.outgoing += JSON.stringify(message) + "\n";
  }

  private outgoing = "";

  private readonly flush = (): void => {
    const text = this.outgoing;
    this.outgoing = "";
    const stdin = this.child?.stdin;
    if (text !== "" && stdin && !stdin.destroyed && !stdin.writableEnded) stdin.write(text);
  };

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      this.closed = true;
      return;
    }
    this.closed = true;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const within = (ms: number) =>
      Promise.race([
        exited.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref()),
      ]);
    this.flush();
    child.stdin.end();
    if (await within(this.graceMs)) return;
    child.kill("SIGTERM");
    if (await within(this.graceMs)) return;
    child.kill("SIGKILL");
    await exited;
  }
}
