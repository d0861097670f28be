export interface StandInApp {
  clientId: string;
  secret?: string;
  /** the PEM certificate uploaded to the app registration */
  certificatePem?: string;
  /** the app has ExchangeMessageTrace.Read.All with admin consent (default true) */
  permitted?: boolean;
  /** the app has Mail.Send with admin consent (default false) */
  mailSend?: boolean;
}
export interface StandInTenant {
  tenantId: string;
  apps: StandInApp[];
  /** the Transport Data Platform service principal exists (default true) */
  servicePrincipal?: boolean;
  rows?: Array<Record<string, unknown>>;
  /** by `${traceId}|${recipient}` */
  details?: Record<string, Array<Record<string, unknown>>>;
  /** the mailboxes sendMail can send from */
  mailboxes?: string[];
}
export type Fault =
  | {
      status: number;
      retryAfter?: string;
    }
  | 'drop'
  | 'truncate';
export interface StandInOptions {
  key: string;
  cert: string;
  tenants: StandInTenant[];
  /** the clock the quota counts on (ms) */
  now(): number;
  quota?: {
    requests: number;
    windowMs: number;
  };
}
export interface GraphStandIn {
  url: string;
  /** faults served to the next Graph requests, in order */
  faults: Fault[];
  /** every request, in order: method, path, tenant (for Graph), status */
  log: Array<{
    method: string;
    path: string;
    tenant?: string;
    status: number;
  }>;
  /** every message sent through sendMail, in order */
  mail: Array<{
    tenant: string;
    from: string;
    message: {
      subject: string;
      body: { contentType: string; content: string };
      toRecipients: Array<{ emailAddress: { address: string } }>;
      attachments?: Array<{ '@odata.type': string; name: string; contentType: string; contentBytes: string }>;
    };
    saveToSentItems?: boolean;
  }>;
  close(): Promise<void>;
}
export declare function startGraphStandIn(options: StandInOptions): Promise<GraphStandIn>;
