// The /cws order interface (alor.md §3): the connection is authorized by `authorize` (again before
// the token expires), then create:/update:/delete: commands are answered with
// `{requestGuid, httpCode, message[, orderNumber]}`. Execution results travel on /ws.
import type { WebSocket } from 'ws';
import { ALOR_CWS_OPCODES, type AlorReply } from '../wire/alor-wire';
import type { Broker } from './broker';
import { executeOrderCommand } from './commands';
import type { TokenAuthority } from './jwt';
import { sendInTurn } from '../../simkit/send';

export interface CwsFaultState {
  delayMs: number;
  rejectOrders: boolean;
  failInternally: boolean;
}

export interface CwsContext {
  broker: Broker;
  tokens: TokenAuthority;
  /** Replies by guid, shared by every connection so a resend after reconnect is recognised. */
  seen: GuidMemory;
  faults: CwsFaultState;
}

const INVALID_JWT = 'Invalid JWT token!';
const OPCODES = new Set<string>(ALOR_CWS_OPCODES);

/**
 * Idempotency by guid (alor.md §3.1): a command whose guid was seen is never executed again.
 * What the repeat gets back is open (README open question 6); the reference's reconnect advice
 * (§6: re-send unanswered commands with the same guid) only works if the repeat is answered, so
 * the original reply is sent again. Guids are remembered for the simulator's lifetime, bounded.
 */
export class GuidMemory {
  private readonly replies = new Map<string, AlorReply>();
  constructor(private readonly limit = 100_000) {}
  get(guid: string): AlorReply | undefined {
    return this.replies.get(guid);
  }
  set(guid: string, reply: AlorReply): void {
    this.replies.set(guid, reply);
    if (this.replies.size > this.limit) this.replies.delete(this.replies.keys().next().value!);
  }
}

export class CwsSession {
  private token: string | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly ctx: CwsContext,
  ) {
    ws.on('message', (raw, isBinary) => this.handle(isBinary ? '' : raw.toString()));
  }

  private handle(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.reply({ requestGuid: null, httpCode: 400, message: 'Request is not valid JSON' });
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) {
      return this.reply({ requestGuid: null, httpCode: 400, message: 'Request must be a JSON object' });
    }
    const obj = json as Record<string, unknown>;
    const guid = typeof obj.guid === 'string' && obj.guid !== '' ? obj.guid : null;
    if (typeof obj.opcode !== 'string' || !OPCODES.has(obj.opcode)) {
      const op = typeof obj.opcode === 'string' ? obj.opcode.slice(0, 64) : String(obj.opcode);
      return this.reply({ requestGuid: guid, httpCode: 400, message: `Unknown opcode '${op}'` });
    }
    if (obj.opcode === 'authorize') return this.authorize(guid, obj.token);
    // Commands before a successful authorize, or after its token expired or was revoked, are
    // refused like a bad token (alor.md §3.2, §9); the client re-authorizes on this connection.
    if (!this.token || !this.ctx.tokens.check(this.token).ok) {
      return this.reply({ requestGuid: guid, httpCode: 401, message: INVALID_JWT });
    }
    if (!guid)
      return this.reply({
        requestGuid: null,
        httpCode: 400,
        message: 'guid: a non-empty string is required',
      });
    // checkDuplicates (default true) is the server's duplicate-guid check (alor.md §3.1); a
    // client that turns it off gets its command executed even under a guid already seen.
    const previous = obj.checkDuplicates === false ? undefined : this.ctx.seen.get(guid);
    if (previous) return this.reply(previous);
    if (this.ctx.faults.failInternally) {
      // Not remembered: the command was not executed, so a retry with the same guid may run it.
      return this.reply({ requestGuid: guid, httpCode: 500, message: 'Internal Server Error' });
    }
    const reply = this.execute(guid, obj);
    this.ctx.seen.set(guid, reply);
    this.reply(reply);
  }

  private authorize(guid: string | null, token: unknown): void {
    if (!guid)
      return this.reply({
        requestGuid: null,
        httpCode: 400,
        message: 'guid: a non-empty string is required',
      });
    if (typeof token !== 'string' || !this.ctx.tokens.check(token).ok) {
      return this.reply({ requestGuid: guid, httpCode: 401, message: INVALID_JWT });
    }
    this.token = token;
    this.reply({ requestGuid: guid, httpCode: 200, message: 'The connection has been initialized.' });
  }

  private execute(guid: string, obj: Record<string, unknown>): AlorReply {
    const auth = this.ctx.tokens.check(this.token!);
    const r = executeOrderCommand(this.ctx, auth.ok ? auth.portfolios : [], obj);
    if (!r.ok) return { requestGuid: guid, httpCode: r.httpCode, message: r.message };
    return {
      requestGuid: guid,
      httpCode: 200,
      message: `An order '${r.orderNumber}' has been ${r.done}.`,
      orderNumber: r.orderNumber,
    };
  }

  private reply(r: AlorReply): void {
    const text = JSON.stringify(r);
    const send = () => {
      if (this.ws.readyState === this.ws.OPEN) sendInTurn(this.ws, text);
    };
    if (this.ctx.faults.delayMs > 0) setTimeout(send, this.ctx.faults.delayMs).unref();
    else send();
  }
}
