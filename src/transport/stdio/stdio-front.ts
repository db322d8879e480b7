import type { Readable, Writable } from "node:stream";
import { LineDecoder, ProtocolError, decodeMessage, encodeMessage } from "../../protocol/codec.js";
import type { JsonRpcMessage } from "../../protocol/jsonrpc.js";
import { ErrorCode, errorResponse, isRequest } from "../../protocol/jsonrpc.js";
import type { Principal } from "../../auth/principal.js";
import type { Gateway } from "../../gateway/gateway.js";
import { toError } from "../../gateway/dispatch.js";
import type { Session } from "../../session/session.js";
import type { Reply } from "../../session/reply.js";

/**
 * The client speaks to the gateway over stdio (`bastion wrap`): one client, one session, the
 * same guards as over HTTP. Newline-delimited JSON-RPC in both directions.
 */
export class StdioFront {
  private session?: Session;
  private opening?: Promise<void>;

  constructor(
    private readonly gw: Gateway,
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly principal: Principal,
    private readonly maxLineBytes: number,
  ) {}

  /** Reads until the client closes its end; resolves then. */
  run(): Promise<void> {
    const decoder = new LineDecoder(
      (line, bytes) => this.receive(line, bytes),
      (bytes) =>
        this.write(
          errorResponse(
            null,
            ErrorCode.InvalidRequest,
            `Message of ${bytes} bytes exceeds the limit of ${this.maxLineBytes}`,
          ),
        ),
      this.maxLineBytes,
    );
    return new Promise((resolve) => {
      this.input.on("data", (c: Buffer) => decoder.push(c));
      this.input.once("end", () => resolve());
      this.input.once("close", () => resolve());
    });
  }

  private write(m: JsonRpcMessage, encoded?: string): void {
    this.output.write((encoded ?? encodeMessage(m)) + "\n");
  }

  private receive(line: string, bytes: number): void {
    let message: JsonRpcMessage;
    try {
      message = decodeMessage(line);
    } catch (e) {
      if (e instanceof ProtocolError) return this.write(errorResponse(null, e.code, e.message));
      throw e;
    }
    if (isRequest(message) && message.method === "initialize") {
      if (this.session || this.opening) {
        return this.write(
          errorResponse(message.id, ErrorCode.InvalidRequest, "Invalid Request: already initialized"),
        );
      }
      this.opening = this.gw.initialize(message.params ?? {}, this.principal).then(
        ({ session, result }) => {
          this.session = session;
          // the answer first: what a server sent meanwhile waited for the channel, and follows it
          this.write({ jsonrpc: "2.0", id: message.id, result });
          session.channel = { send: (m) => (this.write(m), true) };
        },
        (e) => {
          this.opening = undefined;
          this.write(toError(message.id, e));
        },
      );
      return;
    }
    const dispatch = () => {
      const session = this.session;
      if (!session) {
        if (isRequest(message))
          this.write(
            errorResponse(message.id, ErrorCode.InvalidRequest, "Invalid Request: send initialize first"),
          );
        return;
      }
      if (!isRequest(message)) return this.gw.handle(session, message);
      const reply: Reply = {
        send: (m) => this.write(m),
        end: (r, encoded) => this.write(r, encoded),
        drop: () => {},
        bytesIn: bytes,
      };
      this.gw.handle(session, message, reply);
    };
    // messages sent right after initialize wait for it instead of being refused
    if (!this.session && this.opening) void this.opening.then(dispatch);
    else dispatch();
  }
}
