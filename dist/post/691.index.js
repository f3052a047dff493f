export const id = 691;
export const ids = [691];
export const modules = {

/***/ 8691:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openSession: () => (/* binding */ openSession)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(7264);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/constants.ts
var constants = __webpack_require__(7242);
;// CONCATENATED MODULE: ./src/azure/clouds.ts
const KNOWN_CLOUDS = {
    AzureCloud: {
        resourceManager: 'https://management.azure.com',
        armAudience: 'https://management.core.windows.net/',
        authorityHost: 'https://login.microsoftonline.com',
        graph: 'https://graph.microsoft.com',
        oidcAudience: 'api://AzureADTokenExchange',
        inferenceScope: 'https://cognitiveservices.azure.com/.default'
    },
    AzureUSGovernment: {
        resourceManager: 'https://management.usgovcloudapi.net',
        armAudience: 'https://management.core.usgovcloudapi.net/',
        authorityHost: 'https://login.microsoftonline.us',
        graph: 'https://graph.microsoft.us',
        oidcAudience: 'api://AzureADTokenExchangeUSGov',
        inferenceScope: 'https://cognitiveservices.azure.us/.default'
    },
    AzureChinaCloud: {
        resourceManager: 'https://management.chinacloudapi.cn',
        armAudience: 'https://management.core.chinacloudapi.cn/',
        authorityHost: 'https://login.chinacloudapi.cn',
        graph: 'https://microsoftgraph.chinacloudapi.cn',
        oidcAudience: 'api://AzureADTokenExchangeChina',
        inferenceScope: 'https://cognitiveservices.azure.cn/.default'
    }
};
/** The audience and inference scope of Custom clouds, which their metadata does not carry. */
const CUSTOM_DEFAULTS = {
    oidcAudience: 'api://AzureADTokenExchange',
    inferenceScope: 'https://cognitiveservices.azure.com/.default'
};
const trimSlash = (url) => url.replace(/\/+$/, '');
/**
 * The `.default` scope of a resource, keeping the resource exactly as given: `https://management.core.windows.net/`
 * becomes `https://management.core.windows.net//.default`. The Azure CLI caches its sign-in under that exact
 * resource, so asking for it (not for the same URL without the slash) lets auth-type azure-cli reuse the session.
 */
const scopeOf = (resource) => `${resource}/.default`;
function knownCloud(name, overrides) {
    const cloud = KNOWN_CLOUDS[name];
    return {
        name,
        resourceManager: cloud.resourceManager,
        armScope: scopeOf(cloud.armAudience),
        authorityHost: cloud.authorityHost,
        graph: cloud.graph,
        graphScope: scopeOf(cloud.graph),
        oidcAudience: overrides.audience ?? cloud.oidcAudience,
        inferenceScope: overrides.inferenceScope ?? cloud.inferenceScope,
        disableInstanceDiscovery: false
    };
}

;// CONCATENATED MODULE: ./src/azure/cloud-metadata.ts



const cloud_metadata_text = (value) => typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
/** Some api-versions answer with every cloud in an array: pick the one whose Resource Manager is ours. */
function pickCloud(document, armEndpoint) {
    if (!Array.isArray(document))
        return typeof document === 'object' && document !== null ? document : undefined;
    const ours = trimSlash(armEndpoint).toLowerCase();
    const entries = document;
    return (entries.find((entry) => trimSlash(cloud_metadata_text(entry.resourceManager) ?? '').toLowerCase() === ours) ?? entries[0]);
}
function httpsUrl(value, field, source) {
    const url = cloud_metadata_text(value);
    if (url === undefined || !/^https:\/\//i.test(url)) {
        throw new errors/* ActionError */.lZ(`The cloud metadata at ${source} has no https URL in '${field}'. Check ${constants/* Inputs */.G0.ArmEndpoint}.`);
    }
    return trimSlash(url);
}
/** Pure: the endpoints of a Custom cloud from its metadata document. */
function customCloudFromMetadata(document, armEndpoint, source, overrides) {
    const metadata = pickCloud(document, armEndpoint);
    if (metadata === undefined) {
        throw new errors/* ActionError */.lZ(`The cloud metadata at ${source} is not a metadata document. Check ${constants/* Inputs */.G0.ArmEndpoint}.`);
    }
    const resourceManager = trimSlash(cloud_metadata_text(metadata.resourceManager) ?? armEndpoint);
    const audiences = Array.isArray(metadata.authentication?.audiences)
        ? metadata.authentication.audiences.filter((a) => typeof a === 'string' && a !== '')
        : [];
    // The first audience is the one the Azure CLI signs in for (its activeDirectoryResourceId).
    const armAudience = audiences[0] ?? resourceManager;
    // Only names need Graph: a cloud without it still serves self and object IDs given with principal-type.
    const graph = cloud_metadata_text(metadata.microsoftGraphResourceId) === undefined
        ? undefined
        : httpsUrl(metadata.microsoftGraphResourceId, 'microsoftGraphResourceId', source);
    return {
        name: 'Custom',
        resourceManager,
        armScope: scopeOf(armAudience),
        authorityHost: httpsUrl(metadata.authentication?.loginEndpoint, 'authentication.loginEndpoint', source),
        graph,
        graphScope: graph === undefined ? undefined : scopeOf(graph),
        oidcAudience: overrides.audience ?? CUSTOM_DEFAULTS.oidcAudience,
        inferenceScope: overrides.inferenceScope ?? CUSTOM_DEFAULTS.inferenceScope,
        disableInstanceDiscovery: true
    };
}

// EXTERNAL MODULE: ./node_modules/@azure/identity/dist/esm/index.js + 165 modules
var esm = __webpack_require__(3016);
// EXTERNAL MODULE: ./node_modules/@azure/core-rest-pipeline/dist/esm/index.js + 81 modules
var dist_esm = __webpack_require__(4792);
;// CONCATENATED MODULE: ./src/util/step-deadline.ts
/**
 * The step's deadline as something work can see: an abort signal that every request and every sleep listens to,
 * and the time left, which caps how long a Retry-After may be waited out. One per process: a step is one process.
 */
let controller = new AbortController();
let endsAt = Infinity;
/** Starts (or restarts, in tests) the deadline `ms` from now. */
function startStepDeadline(ms, now = Date.now()) {
    controller = new AbortController();
    endsAt = now + ms;
}
/** Ends the step's work: requests in flight are aborted and no new one is sent. */
function expireStep(reason) {
    controller.abort(reason);
}
function stepSignal() {
    return controller.signal;
}
/** Milliseconds until the deadline (Infinity when none was started: the post step, unit tests). */
function remainingMs(now = Date.now()) {
    return Math.max(0, endsAt - now);
}
/** Throws the deadline's reason once it has passed: called before anything is sent or slept. */
function throwIfExpired() {
    if (controller.signal.aborted)
        throw controller.signal.reason;
}
/** A sleep that ends early, rejecting, when the step's deadline passes. */
function abortableSleep(ms, signal = stepSignal()) {
    if (signal.aborted)
        return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal.reason);
        };
        const timer = setTimeout(() => {
            signal.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal.addEventListener('abort', onAbort, { once: true });
    });
}

;// CONCATENATED MODULE: ./src/azure/pipeline.ts




const USER_AGENT_PREFIX = 'entra-inference-access-action';
/**
 * Gives every attempt of every request a deadline. Placed inside the retry policy, a request that gets no answer
 * in time fails as ETIMEDOUT, which the retry policy treats like any other network failure.
 */
function timeoutPolicy(timeoutMs = constants/* REQUEST_TIMEOUT_MS */.j2) {
    return {
        name: 'entraAccessRequestTimeout',
        async sendRequest(request, next) {
            const outer = request.abortSignal;
            const controller = new AbortController();
            const forward = () => controller.abort();
            outer?.addEventListener('abort', forward);
            const timer = setTimeout(forward, request.timeout > 0 ? Math.min(request.timeout, timeoutMs) : timeoutMs);
            request.abortSignal = controller.signal;
            try {
                return await next(request);
            }
            catch (error) {
                if (controller.signal.aborted && outer?.aborted !== true) {
                    const host = new URL(request.url).host;
                    throw new dist_esm/* RestError */.pj(`no answer from ${host} within ${Math.round(timeoutMs / 1000)} s`, {
                        code: 'ETIMEDOUT',
                        request
                    });
                }
                throw error;
            }
            finally {
                clearTimeout(timer);
                outer?.removeEventListener('abort', forward);
                request.abortSignal = outer;
            }
        }
    };
}
/**
 * A host name that does not resolve (ENOTFOUND) will not resolve a second later: fail at once, instead of letting
 * the retry policy try it again for a minute. Runners behind a proxy meet this when HTTPS_PROXY is missing.
 */
function unknownHostPolicy() {
    return {
        name: 'entraAccessUnknownHost',
        async sendRequest(request, next) {
            try {
                return await next(request);
            }
            catch (error) {
                if (error.code !== 'ENOTFOUND')
                    throw error;
                const host = new URL(request.url).hostname;
                throw new dist_esm/* RestError */.pj(`the host name ${host} does not resolve (ENOTFOUND)`, {
                    code: 'HOST_NOT_FOUND',
                    request
                });
            }
        }
    };
}
/**
 * How often a throttled (429), failing (5xx) or unanswered request is tried again: throttling is waited out (each
 * Retry-After honoured), and the waits add up to about a minute at most, well inside the step's deadline.
 */
const MAX_RETRIES = 8;
/**
 * Ties every request to the step's deadline: none is sent after it, one in flight is aborted at it, and so is the
 * retry policy's wait before the next attempt (it sleeps on the request's abort signal).
 */
function stepDeadlinePolicy(signal = stepSignal) {
    return {
        name: 'entraAccessStepDeadline',
        async sendRequest(request, next) {
            throwIfExpired();
            const step = signal();
            const outer = request.abortSignal;
            const both = new AbortController();
            const forward = () => both.abort();
            if (outer?.aborted === true || step.aborted)
                both.abort();
            outer?.addEventListener('abort', forward);
            step.addEventListener('abort', forward);
            request.abortSignal = both.signal;
            try {
                return await next(request);
            }
            catch (error) {
                // The deadline's own error says what happened; an AbortError from the transport does not.
                throwIfExpired();
                throw error;
            }
            finally {
                outer?.removeEventListener('abort', forward);
                step.removeEventListener('abort', forward);
                request.abortSignal = outer;
            }
        }
    };
}
/** Pure: the wait a 429 or 503 asks for, in ms (`retry-after-ms`, `x-ms-retry-after-ms`, `Retry-After`). */
function retryAfterMs(headers, now = Date.now()) {
    for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
        const ms = Number(headers.get(name));
        if (headers.get(name) !== undefined && Number.isFinite(ms) && ms >= 0)
            return ms;
    }
    const value = headers.get('retry-after');
    if (value === undefined)
        return undefined;
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0)
        return seconds * 1000;
    const at = Date.parse(value);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
/**
 * Retry-After is honoured up to the time left before the step's deadline: a longer one fails at once, saying so,
 * instead of sleeping past the deadline (and then writing after the step has failed).
 */
function retryAfterCapPolicy(remaining = remainingMs) {
    return {
        name: 'entraAccessRetryAfterCap',
        async sendRequest(request, next) {
            const response = await next(request);
            if (response.status !== 429 && response.status !== 503)
                return response;
            const wait = retryAfterMs(response.headers);
            const left = remaining();
            if (wait !== undefined && wait > left) {
                throw new errors/* ActionError */.lZ(`${new URL(request.url).host} answered ${response.status} and asked to wait ${Math.ceil(wait / 1000)} s (Retry-After) before trying again, longer than the ${Math.floor(left / 1000)} s left before the step's deadline, so the step stopped instead of waiting. Azure is throttling this identity or subscription; rerun the job later.`);
            }
            return response;
        }
    };
}
/** Options shared by every Azure SDK client and credential the action creates. */
function commonClientOptions(maxRetries = MAX_RETRIES) {
    return {
        additionalPolicies: [
            { policy: stepDeadlinePolicy(), position: 'perCall' },
            { policy: retryAfterCapPolicy(), position: 'perRetry' },
            { policy: timeoutPolicy(), position: 'perRetry' },
            { policy: unknownHostPolicy(), position: 'perRetry' }
        ],
        retryOptions: { maxRetries, retryDelayInMs: 500, maxRetryDelayInMs: 15_000 },
        userAgentOptions: { userAgentPrefix: USER_AGENT_PREFIX }
    };
}

;// CONCATENATED MODULE: ./src/util/backoff.ts

const realClock = {
    now: () => Date.now(),
    // Ends early at the step's deadline, so no retry is sent after the step has failed.
    sleep: (ms) => abortableSleep(ms)
};
/** Delay before retry number `attempt` (1-based): doubling from initialMs, capped at maxMs, jittered downwards. */
function backoffDelay(attempt, options, random = Math.random) {
    const exponential = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(exponential * (1 - options.jitter * random()));
}
/** Runs `work` until it succeeds, fails with an error that is not retryable, or the deadline would pass. */
async function retry(options) {
    const clock = options.clock ?? realClock;
    const start = clock.now();
    for (let attempt = 1;; attempt++) {
        try {
            return await options.work();
        }
        catch (error) {
            const delay = backoffDelay(attempt, options, options.random);
            const elapsed = clock.now() - start;
            if (!options.retryable(error) || elapsed + delay > options.deadlineMs)
                throw error;
            options.onRetry?.(error, attempt, delay);
            await clock.sleep(delay);
        }
    }
}

;// CONCATENATED MODULE: ./src/azure/jwt.ts
/** The claims of a JWT, without verifying it: the action only reads what it was itself given. */
function decodeClaims(token) {
    const payload = token.split('.')[1];
    if (payload === undefined)
        return {};
    try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        return typeof claims === 'object' && claims !== null ? claims : {};
    }
    catch {
        return {};
    }
}
function claimText(claims, name) {
    const value = claims[name];
    if (typeof value === 'string')
        return value;
    if (Array.isArray(value))
        return value.filter((item) => typeof item === 'string').join(', ');
    return undefined;
}

;// CONCATENATED MODULE: ./src/azure/github-oidc.ts





const OIDC_REQUEST_URL = constants/* Env */.o9.OidcRequestUrl;
const OIDC_REQUEST_TOKEN = constants/* Env */.o9.OidcRequestToken;
/**
 * MSAL asks for the assertion twice for one token request (once to build the request, once to send it), and the
 * action signs in for up to three scopes at once. Those get the same ID token when they come this close together,
 * so every Entra request still gets one minted moments before, never one near its expiry.
 */
const SAME_REQUEST_MS = 5_000;
function hasOidcEnvironment(env = process.env) {
    return (env[OIDC_REQUEST_URL] ?? '') !== '' && (env[OIDC_REQUEST_TOKEN] ?? '') !== '';
}
const MISSING_OIDC_MESSAGE = `GitHub gave this job no OIDC token: ${OIDC_REQUEST_URL} and ${OIDC_REQUEST_TOKEN} are not set. ` +
    'Add "permissions: id-token: write" to the workflow or to this job (a job with its own permissions block needs it ' +
    'there, with "contents: read" if it checks out code). GitHub withholds the token from pull_request runs from forks ' +
    `and from Dependabot; run those with ${constants/* Inputs */.G0.AuthType}: azure-cli after azure/login, or in a workflow that is allowed OIDC.`;
/** Fails before any request when the runner cannot mint GitHub ID tokens. */
function requireOidcEnvironment(env = process.env) {
    if (!hasOidcEnvironment(env))
        throw new errors/* ActionError */.lZ(MISSING_OIDC_MESSAGE);
}
/** Mints GitHub ID tokens for Entra token requests, and remembers the claims of the last one for error messages. */
class GitHubAssertion {
    last;
    recent;
    pending;
    audience;
    constructor(audience) {
        this.audience = audience;
    }
    /** A GitHub ID token for this Entra request: minted now, or moments ago for the same request. */
    async mint() {
        const now = Date.now();
        const recent = this.recent;
        if (recent !== undefined && now - recent.mintedAt < SAME_REQUEST_MS && recent.expiresAt - now > 30_000) {
            return recent.token;
        }
        this.pending ??= this.request().finally(() => (this.pending = undefined));
        return this.pending;
    }
    lastClaims() {
        return this.last;
    }
    async request() {
        const mintedAt = Date.now();
        const token = await retry({
            initialMs: 1_000,
            maxMs: 8_000,
            jitter: 0.3,
            deadlineMs: 30_000,
            retryable: isTransient,
            work: () => withTimeout(core/* getIDToken */.V9(this.audience), constants/* REQUEST_TIMEOUT_MS */.j2)
        }).catch((error) => {
            throw new errors/* ActionError */.lZ(`Requesting a GitHub OIDC ID token for audience '${this.audience}' failed: ${oneLine((0,errors/* messageOf */.bD)(error))}.${(0,errors/* networkHint */.uw)(error)} ` +
                'Check that the job has "permissions: id-token: write"; if GitHub is having an outage, rerun the job later.', { cause: error });
        });
        core/* setSecret */.Pq(token);
        const claims = decodeClaims(token);
        this.last = {
            iss: claimText(claims, 'iss'),
            sub: claimText(claims, 'sub'),
            aud: claimText(claims, 'aud')
        };
        const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : mintedAt;
        this.recent = { token, mintedAt, expiresAt };
        return token;
    }
}
/** @actions/core reports the status only in its message: retry throttling, server errors and network failures. */
function isTransient(error) {
    const message = (0,errors/* messageOf */.bD)(error);
    // A host name that does not resolve will not resolve on a retry either.
    if (message.includes('ENOTFOUND'))
        return false;
    const status = /Error Code : (\d+)/.exec(message)?.[1];
    if (status === undefined)
        return true;
    const code = Number(status);
    return code === 408 || code === 429 || code >= 500;
}
const oneLine = (text) => text.replace(/\s+/g, ' ').trim();
async function withTimeout(promise, ms) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    });
    try {
        return await Promise.race([promise, timeout]);
    }
    finally {
        clearTimeout(timer);
    }
}

;// CONCATENATED MODULE: ./src/azure/entra-errors.ts


const FEDERATION_CODES = ['AADSTS70021', 'AADSTS700211', 'AADSTS700212', 'AADSTS700213', 'AADSTS7002138'];
function federationHelp(code, claims, clientId) {
    const iss = claims?.iss ?? '(unknown)';
    const sub = claims?.sub ?? '(unknown)';
    const aud = claims?.aud ?? '(unknown)';
    return (`Microsoft Entra ID rejected the GitHub OIDC token (${code}): no federated credential on the app or managed ` +
        `identity with client ID ${clientId} matches it. The token has issuer '${iss}', subject '${sub}' and ` +
        `audience '${aud}'. Add a federated credential with exactly issuer '${iss}', subject '${sub}' and audience ` +
        `'${aud}' (az ad app federated-credential create --id ${clientId} --parameters ` +
        `'{"name":"github","issuer":"${iss}","subject":"${sub}","audiences":["${aud}"]}'; for a user-assigned managed ` +
        `identity: az identity federated-credential create --name github --identity-name <identity> --resource-group ` +
        `<group> --issuer '${iss}' --subject '${sub}' --audiences '${aud}'), ` +
        'or change the workflow so its subject matches an existing credential (the subject changes with the branch, tag, ' +
        'environment or pull request the job runs for).');
}
const KNOWN = {
    AADSTS700016: `the client ID is not an application in this tenant. Check ${constants/* Inputs */.G0.ClientId} and ${constants/* Inputs */.G0.TenantId} (the app registration's "Application (client) ID" and "Directory (tenant) ID").`,
    AADSTS90002: `the tenant does not exist. Check ${constants/* Inputs */.G0.TenantId}.`,
    AADSTS700024: 'the GitHub OIDC token had expired when Entra ID received it. Check the runner clock; the action mints a fresh token for every request.',
    AADSTS7000215: `Entra ID reports a wrong client secret, but this action sends none: check ${constants/* Inputs */.G0.ClientId}, and report this with the log.`,
    AADSTS50020: `the identity is not in this tenant. Check ${constants/* Inputs */.G0.TenantId}.`
};
/** Turns a sign-in failure into an error that says which setting to fix. */
function explainSignInError(error, clientId, claims) {
    const message = (0,errors/* messageOf */.bD)(error);
    const code = /AADSTS\d+/.exec(message)?.[0];
    if (code !== undefined && FEDERATION_CODES.includes(code)) {
        return new errors/* ActionError */.lZ(federationHelp(code, claims, clientId), { cause: error });
    }
    if (code !== undefined && KNOWN[code] !== undefined) {
        return new errors/* ActionError */.lZ(`Signing in to Microsoft Entra ID failed (${code}): ${KNOWN[code]}`, {
            cause: error
        });
    }
    return new errors/* ActionError */.lZ(`Signing in to Microsoft Entra ID as client ${clientId} failed: ${(0,errors/* firstLine */.TM)(message)}${(0,errors/* networkHint */.uw)(error)}`, {
        cause: error
    });
}

;// CONCATENATED MODULE: ./src/azure/token-cache.ts
/**
 * Shares one access token per scope between every client of the run, and one request per scope at a time. With
 * OIDC every Entra request costs a fresh GitHub ID token too, so this halves the requests of a typical run.
 * A token is renewed half its lifetime (at most two minutes) before it expires.
 */
class TokenCache {
    inner;
    now;
    tokens = new Map();
    pending = new Map();
    constructor(inner, now = Date.now) {
        this.inner = inner;
        this.now = now;
    }
    async getToken(scopes, options) {
        const key = [].concat(scopes).join(' ');
        const cached = this.tokens.get(key);
        if (cached !== undefined && this.now() < cached.renewAt)
            return cached.token;
        const inFlight = this.pending.get(key);
        if (inFlight !== undefined)
            return inFlight;
        const request = this.fetch(key, scopes, options).finally(() => this.pending.delete(key));
        this.pending.set(key, request);
        return request;
    }
    /** Drops the token of a scope, so the next request gets a new one. */
    forget(scopes) {
        this.tokens.delete([].concat(scopes).join(' '));
    }
    async fetch(key, scopes, options) {
        const obtainedAt = this.now();
        const token = await this.inner.getToken(scopes, options);
        if (token !== null) {
            const margin = Math.min(120_000, Math.max(0, token.expiresOnTimestamp - obtainedAt) / 2);
            this.tokens.set(key, { token, renewAt: token.expiresOnTimestamp - margin });
        }
        return token;
    }
}

;// CONCATENATED MODULE: ./src/azure/entra.ts








/**
 * Pure: how the action signs in. `auto` takes OIDC when the client, the tenant and the runner's OIDC variables are
 * all there, and otherwise the Azure CLI session of an earlier azure/login step.
 */
function chooseSignIn(inputs, env = process.env) {
    if (inputs.authType === 'oidc') {
        requireOidcEnvironment(env);
        return 'oidc';
    }
    if (inputs.authType === 'azure-cli')
        return 'azure-cli';
    const haveIds = inputs.clientId !== undefined && inputs.tenantId !== undefined;
    if (haveIds && hasOidcEnvironment(env))
        return 'oidc';
    if (haveIds)
        core/* info */.pq(`${constants/* Inputs */.G0.AuthType} auto: ${MISSING_OIDC_MESSAGE} Trying the Azure CLI session instead.`);
    return 'azure-cli';
}
/** Masks every token before anything could print it, and explains sign-in failures. */
class MaskingCredential {
    inner;
    explain;
    masked = new Set();
    constructor(inner, explain) {
        this.inner = inner;
        this.explain = explain;
    }
    async getToken(scopes, options) {
        let token;
        try {
            token = await this.inner.getToken(scopes, options);
        }
        catch (error) {
            throw this.explain(error);
        }
        if (token !== null && !this.masked.has(token.token)) {
            core/* setSecret */.Pq(token.token);
            this.masked.add(token.token);
        }
        return token;
    }
}
function createSignIn(kind, inputs, cloud) {
    if (kind === 'azure-cli') {
        const cli = new esm/* AzureCliCredential */.nG({ tenantId: inputs.tenantId, processTimeoutInMs: 60_000 });
        const cache = new TokenCache(cli);
        // auth-type auto with a client and a tenant meant OIDC: say first what kept it from being used.
        const meantOidc = inputs.authType === 'auto' && inputs.clientId !== undefined && inputs.tenantId !== undefined;
        return {
            credential: new MaskingCredential(cache, meantOidc ? explainAutoFallback : explainCliError),
            renew: (scope) => cache.forget(scope)
        };
    }
    const clientId = inputs.clientId ?? '';
    const assertion = new GitHubAssertion(cloud.oidcAudience);
    const credential = new esm/* ClientAssertionCredential */.XI(inputs.tenantId ?? '', clientId, () => assertion.mint(), {
        authorityHost: cloud.authorityHost,
        disableInstanceDiscovery: cloud.disableInstanceDiscovery,
        ...commonClientOptions()
    });
    const explain = (error) => error instanceof errors/* ActionError */.lZ ? error : explainSignInError(error, clientId, assertion.lastClaims());
    const cache = new TokenCache(credential);
    return { credential: new MaskingCredential(cache, explain), renew: (scope) => cache.forget(scope) };
}
function explainAutoFallback(error) {
    return new errors/* ActionError */.lZ(`${MISSING_OIDC_MESSAGE} With ${constants/* Inputs */.G0.AuthType} auto the action then tried the Azure CLI session of an earlier ` +
        `azure/login step, and there is none that works (${(0,errors/* firstLine */.TM)(error)}).`, { cause: error });
}
function explainCliError(error) {
    return new errors/* ActionError */.lZ(`No usable Azure CLI session (${(0,errors/* firstLine */.TM)(error)}). Sign in first with azure/login, or use GitHub OIDC: give ` +
        `${constants/* Inputs */.G0.ClientId} and ${constants/* Inputs */.G0.TenantId} and add "permissions: id-token: write". An azure/login session made ` +
        'with OIDC can only get new tokens for about five minutes (its GitHub ID token expires): run azure/login ' +
        'right before this step, or let this action sign in with OIDC itself.', { cause: error });
}

// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 5 modules
var exec = __webpack_require__(2876);
// EXTERNAL MODULE: ./src/util/guid.ts
var guid = __webpack_require__(2519);
;// CONCATENATED MODULE: ./src/azure/azure-cli.ts




/** The current subscription of the Azure CLI session, for auth-type azure-cli without subscription-id. */
async function cliSubscription() {
    const result = await (0,exec/* getExecOutput */.H)('az', ['account', 'show', '--query', 'id', '--output', 'tsv'], {
        silent: true,
        ignoreReturnCode: true
    }).catch((error) => ({ exitCode: -1, stdout: '', stderr: String(error) }));
    const id = result.stdout.trim();
    if (result.exitCode !== 0 || !(0,guid/* isGuid */.W)(id)) {
        throw new errors/* ActionError */.lZ(`Input '${constants/* Inputs */.G0.SubscriptionId}' is empty and the Azure CLI session has no current subscription ` +
            `(az account show: ${result.stderr.trim().split('\n')[0] || 'no output'}). Give ${constants/* Inputs */.G0.SubscriptionId}, or sign in with azure/login first.`);
    }
    return id.toLowerCase();
}

// EXTERNAL MODULE: ./node_modules/@azure/arm-authorization/dist/index.js
var dist = __webpack_require__(1043);
// EXTERNAL MODULE: ./node_modules/@azure/arm-cognitiveservices/dist/esm/index.js + 45 modules
var arm_cognitiveservices_dist_esm = __webpack_require__(6853);
;// CONCATENATED MODULE: ./src/azure/arm-errors.ts


const WRITE_PERMISSION_HELP = "The pipeline identity needs 'Microsoft.Authorization/roleAssignments/write' at the account's scope: " +
    'grant it Role Based Access Control Administrator (best, with a condition limiting the roles it may assign), ' +
    'User Access Administrator or Owner on the account or its resource group. Contributor does not carry it.';
const READ_PERMISSION_HELP = `Check ${constants/* Inputs */.G0.ResourceGroup} and ${constants/* Inputs */.G0.ResourceName}: Resource Manager answers 403 rather than 404 for a resource group or account ` +
    'the identity has no access to. The pipeline identity needs read access to the account (Role Based Access Control ' +
    'Administrator on the account or its resource group includes it).';
/** Pure: the subscription, resource group, account and project named by a resource ID (or a scope). */
function namesOf(resourceId) {
    const part = (pattern) => pattern.exec(resourceId)?.[1];
    return {
        subscription: part(/\/subscriptions\/([^/]+)/i),
        resourceGroup: part(/\/resourceGroups\/([^/]+)/i),
        account: part(/\/providers\/Microsoft\.CognitiveServices\/accounts\/([^/]+)/i),
        project: part(/\/providers\/Microsoft\.CognitiveServices\/accounts\/[^/]+\/projects\/([^/]+)/i)
    };
}
/** Which permission a 403 is about: writing or removing role assignments, or reading. */
function authorizationHelp(said, names) {
    if (/Microsoft\.Authorization\/roleAssignments\/(write|delete)/i.test(said))
        return WRITE_PERMISSION_HELP;
    return `${READ_PERMISSION_HELP} (resource group '${names.resourceGroup ?? ''}', account '${names.account ?? ''}')`;
}
/** What the user can do about an answer ARM gives for a code; undefined when ARM's own message says it all. */
function explanation(code, said, names) {
    switch (code) {
        case 'SubscriptionNotFound':
            return `subscription '${names.subscription ?? ''}' was not found, or the pipeline identity has no access to it. Check ${constants/* Inputs */.G0.SubscriptionId}.`;
        case 'ResourceGroupNotFound':
            return `resource group '${names.resourceGroup ?? ''}' was not found in subscription '${names.subscription ?? ''}'. Check ${constants/* Inputs */.G0.ResourceGroup}.`;
        case 'ResourceNotFound':
            return `Azure AI Services account '${names.account ?? ''}' was not found in resource group '${names.resourceGroup ?? ''}'. Check ${constants/* Inputs */.G0.ResourceName} (and that the account is a Microsoft.CognitiveServices/accounts resource).`;
        case 'AuthorizationFailed':
            return `Resource Manager refused (403 AuthorizationFailed): ${said} ${authorizationHelp(said, names)}`;
        case 'InvalidAuthenticationTokenTenant':
            return `the subscription is not in ${constants/* Inputs */.G0.TenantId}'s tenant (${said}). Check ${constants/* Inputs */.G0.TenantId} and ${constants/* Inputs */.G0.SubscriptionId}.`;
    }
    return undefined;
}
/**
 * Explains an answer of Resource Manager to a request about `resourceId`: what the user can act on, ARM's own
 * status, code and message, and the request IDs a support case needs. An error that was explained already (a
 * sign-in failure inside an SDK call) passes through as it is.
 */
function explainArmError(error, doing, resourceId) {
    if (error instanceof errors/* ActionError */.lZ)
        return error;
    const details = (0,errors/* restDetails */.DW)(error);
    const said = (0,errors/* messageOf */.bD)(error);
    if (details.status === undefined) {
        return new errors/* ActionError */.lZ(`${doing}: no answer from Resource Manager: ${said}.${(0,errors/* networkHint */.uw)(error)}`, {
            cause: error
        });
    }
    const answered = `HTTP ${details.status}${details.code === undefined ? '' : ` ${details.code}`}`;
    const explained = explanation(details.code, said, namesOf(resourceId));
    const text = explained === undefined
        ? `${doing}: Resource Manager answered (${answered}): ${said}`
        : `${doing}: ${explained}${explained.includes(said) ? '' : ` (${answered}: ${said})`}`;
    return new errors/* AzureError */.M6(text + (0,errors/* quoteRequestIds */.UK)(details), details, { cause: error });
}
const shortGuid = (roleDefinitionId) => roleDefinitionId.split('/').pop() ?? roleDefinitionId;
/** Why Resource Manager refused a new assignment, when the cause is in the principal rather than the request. */
function explainPut(error, assignment) {
    const code = error?.code;
    const doing = `Assigning role ${shortGuid(assignment.roleDefinitionId)} to principal ${assignment.principalId} at ${assignment.scope}`;
    if (code === 'UnmatchedPrincipalType') {
        return explainArmError(error, `${doing}: Resource Manager says the object is not a ${assignment.principalType ?? 'principal of the given type'}; check ${constants/* Inputs */.G0.PrincipalType}`, assignment.scope);
    }
    if (code === 'PrincipalNotFound') {
        return explainArmError(error, `${doing}: Resource Manager does not find the principal in the directory (a new principal takes minutes to replicate); check the object ID and ${constants/* Inputs */.G0.TenantId}`, assignment.scope);
    }
    return explainArmError(error, doing, assignment.scope);
}
/** Every call of `inner`, with its failures explained: what it was doing and for which resource. */
function withArmErrors(inner) {
    const explained = async (work, explain) => {
        try {
            return await work();
        }
        catch (error) {
            throw explain(error);
        }
    };
    return {
        getAccount: (id) => explained(() => inner.getAccount(id), (error) => explainArmError(error, `Reading Azure AI Services account '${namesOf(id).account ?? id}'`, id)),
        findRoleDefinitions: (scope, roleName) => explained(() => inner.findRoleDefinitions(scope, roleName), (error) => explainArmError(error, `Looking up role '${roleName}'`, scope)),
        getRoleDefinition: (scope, guid) => explained(() => inner.getRoleDefinition(scope, guid), (error) => explainArmError(error, `Looking up role definition ${guid}`, scope)),
        createAssignment: (assignment) => explained(() => inner.createAssignment(assignment), (error) => explainPut(error, assignment)),
        listAssignmentsOf: (scope, principalId) => explained(() => inner.listAssignmentsOf(scope, principalId), (error) => explainArmError(error, `Listing the role assignments of ${principalId} at ${scope}`, scope)),
        listAssignmentsAt: (scope) => explained(() => inner.listAssignmentsAt(scope), (error) => explainArmError(error, `Listing the role assignments at ${scope}`, scope)),
        deleteAssignment: (id) => explained(() => inner.deleteAssignment(id), (error) => explainArmError(error, `Removing role assignment ${id}`, id))
    };
}

;// CONCATENATED MODULE: ./src/azure/arm.ts




const noSlash = (id) => id.replace(/^\/+/, '');
/** The scope of an assignment from its ID, for answers that leave properties.scope out. */
const scopeOfAssignment = (id) => id.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i, '');
function toRoleDefinition(raw) {
    return {
        id: raw.id ?? '',
        name: raw.name ?? '',
        roleName: raw.roleName ?? '',
        actions: (raw.permissions ?? []).flatMap((p) => p.actions ?? []),
        notActions: (raw.permissions ?? []).flatMap((p) => p.notActions ?? [])
    };
}
function createArmClient(credential, cloud, subscriptionId) {
    const options = {
        endpoint: cloud.resourceManager,
        credentialScopes: [cloud.armScope],
        ...commonClientOptions()
    };
    const authorization = new dist/* AuthorizationManagementClient */.IK(credential, subscriptionId, options);
    const cognitive = new Map();
    const cognitiveIn = (subscription) => {
        const key = subscription.toLowerCase();
        const client = cognitive.get(key) ?? new arm_cognitiveservices_dist_esm/* CognitiveServicesManagementClient */.Fp(credential, subscription, options);
        cognitive.set(key, client);
        return client;
    };
    return withArmErrors({
        async getAccount(id) {
            const { subscription, resourceGroup, account: name } = namesOf(id);
            const account = await cognitiveIn(subscription ?? subscriptionId).accounts.get(resourceGroup ?? '', name ?? '');
            return {
                id: account.id,
                endpoint: account.properties?.endpoint,
                endpoints: account.properties?.endpoints,
                customSubDomainName: account.properties?.customSubDomainName
            };
        },
        async findRoleDefinitions(scope, roleName) {
            const filter = `roleName eq '${roleName.replace(/'/g, "''")}'`;
            const found = [];
            for await (const definition of authorization.roleDefinitions.list(noSlash(scope), { filter })) {
                found.push(toRoleDefinition(definition));
            }
            return found;
        },
        async getRoleDefinition(scope, guid) {
            return toRoleDefinition(await authorization.roleDefinitions.get(noSlash(scope), guid));
        },
        async createAssignment(assignment) {
            let status = 0;
            const result = await authorization.roleAssignments.create(noSlash(assignment.scope), assignment.name, {
                roleDefinitionId: assignment.roleDefinitionId,
                principalId: assignment.principalId,
                principalType: assignment.principalType,
                description: assignment.description
            }, { onResponse: (response) => (status = response.status) });
            return {
                id: result.id ??
                    `${assignment.scope}/providers/Microsoft.Authorization/roleAssignments/${assignment.name}`,
                created: status !== 200,
                description: result.description ?? undefined
            };
        },
        async listAssignmentsOf(scope, principalId) {
            const filter = `principalId eq '${principalId}'`;
            const found = [];
            for await (const item of authorization.roleAssignments.listForScope(noSlash(scope), { filter })) {
                found.push({
                    id: item.id ?? '',
                    name: item.name ?? '',
                    scope: item.scope ?? scopeOfAssignment(item.id ?? ''),
                    roleDefinitionId: item.roleDefinitionId ?? '',
                    principalId: item.principalId ?? '',
                    description: item.description ?? undefined,
                    createdBy: item.createdBy ?? undefined
                });
            }
            return found;
        },
        async listAssignmentsAt(scope) {
            const found = [];
            for await (const item of authorization.roleAssignments.listForScope(noSlash(scope), {
                filter: 'atScope()'
            })) {
                found.push({
                    id: item.id ?? '',
                    name: item.name ?? '',
                    scope: item.scope ?? scopeOfAssignment(item.id ?? ''),
                    roleDefinitionId: item.roleDefinitionId ?? '',
                    principalId: item.principalId ?? '',
                    principalType: item.principalType ?? undefined,
                    description: item.description ?? undefined,
                    createdBy: item.createdBy ?? undefined
                });
            }
            return found;
        },
        async deleteAssignment(id) {
            let status = 0;
            await authorization.roleAssignments.deleteById(noSlash(id), {
                onResponse: (response) => (status = response.status)
            });
            return status === 204 ? 'absent' : 'removed';
        }
    });
}

;// CONCATENATED MODULE: ./src/azure/pim-errors.ts



const PIM_PERMISSION_HELP = `${constants/* Inputs */.G0.TimeBound}: pim needs 'Microsoft.Authorization/roleAssignmentScheduleRequests/write' at the account's scope, ` +
    'which Owner and User Access Administrator carry and Role Based Access Control Administrator does not. Grant the ' +
    `pipeline identity User Access Administrator on the account, or use ${constants/* Inputs */.G0.RevokeAfterJob} without ${constants/* Inputs */.G0.TimeBound}.`;
/** Pure: the rule names in "The following policy rules failed: ["ExpirationRule","MfaRule"]". */
function failedRules(message) {
    const list = /\[([^\]]*)\]/.exec(message)?.[1] ?? '';
    return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '').filter((rule) => rule !== '');
}
const RULE_FIX = {
    ExpirationRule: `the duration is over the role's maximum for active assignments, or the policy forbids expiring ones: lower ${constants/* Inputs */.G0.ExpiresAfter}`,
    JustificationRule: 'the policy requires a justification: the action sends its description, so give a non-empty description',
    TicketingRule: 'the policy requires ticket information on active assignment, which the action does not send',
    MfaRule: 'the policy requires multi-factor authentication on active assignment, which a pipeline identity cannot perform'
};
/** What the user can do about a code only PIM answers; undefined for the codes Resource Manager shares. */
function pim_errors_explanation(code, said) {
    switch (code) {
        case 'AadPremiumLicenseRequired':
            return `PIM needs Microsoft Entra ID P2 in the tenant, which it does not have (AadPremiumLicenseRequired). Use ${constants/* Inputs */.G0.RevokeAfterJob} without ${constants/* Inputs */.G0.TimeBound}, and a scheduled ${constants/* Inputs */.G0.Mode}: sweep to bound grants whose post step never ran.`;
        case 'RoleAssignmentRequestPolicyValidationFailed': {
            const rules = failedRules(said);
            const why = rules
                .map((rule) => `${rule}: ${RULE_FIX[rule] ?? 'see the role settings in PIM'}`)
                .join('; ');
            return `PIM refused the request under the role's settings (RoleAssignmentRequestPolicyValidationFailed; ${why}). Change the role settings in PIM (Azure resources, the account, Settings, the role), or use ${constants/* Inputs */.G0.RevokeAfterJob} without ${constants/* Inputs */.G0.TimeBound}.`;
        }
        case 'SubjectNotFound':
            return 'PIM does not find the principal in the directory (SubjectNotFound): a new principal takes minutes to replicate; check the object ID.';
        case 'RoleAssignmentExists':
            return 'the principal already holds the role at this scope (RoleAssignmentExists).';
        case 'ActiveDurationTooShort':
            return 'PIM does not end an active assignment in its first five minutes (ActiveDurationTooShort).';
        case 'AuthorizationFailed':
            return /roleAssignmentScheduleRequests\/write/i.test(said)
                ? `Resource Manager refused (403 AuthorizationFailed): ${said} ${PIM_PERMISSION_HELP}`
                : undefined;
    }
    return undefined;
}
/** Explains an answer to a PIM request; the codes PIM shares with Resource Manager are explained as ARM's. */
function explainPimError(error, doing, scope) {
    const details = (0,errors/* restDetails */.DW)(error);
    const said = (0,errors/* messageOf */.bD)(error);
    const explained = pim_errors_explanation(details.code, said);
    if (explained === undefined)
        return explainArmError(error, doing, scope);
    const answered = `HTTP ${details.status ?? '?'} ${details.code ?? ''}`.trim();
    const text = `${doing}: ${explained}${explained.includes(said) ? '' : ` (${answered}: ${said})`}`;
    return new errors/* AzureError */.M6(text + (0,errors/* quoteRequestIds */.UK)(details), details, { cause: error });
}

;// CONCATENATED MODULE: ./src/azure/pim.ts







/** Pure: the admin-assignment rules of a policy's `effectiveRules`. */
function adminAssignmentRulesOf(rules) {
    const byId = (id) => rules.find((r) => typeof r === 'object' && r !== null && r.id === id);
    const expiration = byId('Expiration_Admin_Assignment');
    const enablement = byId('Enablement_Admin_Assignment');
    return {
        maximumDuration: typeof expiration?.maximumDuration === 'string' ? expiration.maximumDuration : undefined,
        isExpirationRequired: expiration?.isExpirationRequired === true,
        enabledRules: Array.isArray(enablement?.enabledRules)
            ? enablement.enabledRules.filter((r) => typeof r === 'string')
            : []
    };
}
/** An error shaped like the SDK's RestError, for the one request made without the SDK's operation layer. */
class PimRestError extends Error {
    name = 'RestError';
    statusCode = 0;
    code;
    correlationId;
    requestId;
}
function errorOf(status, body, headers) {
    let parsed = {};
    try {
        parsed = JSON.parse(body ?? '{}');
    }
    catch {
        // Not JSON: the status says it all.
    }
    const ids = (0,errors/* requestIdsOf */.vV)(headers);
    return Object.assign(new PimRestError(parsed.error?.message ?? `HTTP ${status}`), {
        statusCode: status,
        code: parsed.error?.code,
        ...ids
    });
}
const pim_noSlash = (id) => id.replace(/^\/+/, '');
const sameGuid = (a, b) => (a.split('/').pop() ?? a).toLowerCase() === (b.split('/').pop() ?? b).toLowerCase();
function createPimClient(credential, cloud, subscriptionId) {
    const authorization = new dist/* AuthorizationManagementClient */.IK(credential, subscriptionId, {
        endpoint: cloud.resourceManager,
        credentialScopes: [cloud.armScope],
        ...commonClientOptions()
    });
    const put = async (request, requestType) => {
        const result = await authorization.roleAssignmentScheduleRequests.create(pim_noSlash(request.scope), request.name, {
            principalId: request.principalId,
            roleDefinitionId: request.roleDefinitionId,
            requestType,
            justification: request.justification,
            scheduleInfo: requestType === 'AdminAssign'
                ? {
                    startDateTime: request.start ?? new Date(),
                    expiration: { type: 'AfterDuration', duration: request.duration }
                }
                : undefined
        });
        return { status: result.status ?? 'unknown' };
    };
    return {
        async adminAssignmentRules(scope, roleDefinitionId) {
            // The SDK's list takes no $filter; unfiltered it pages through every role of the tenant.
            const filter = encodeURIComponent(`roleDefinitionId eq '${roleDefinitionId}'`);
            const url = `${trimSlash(cloud.resourceManager)}${scope}/providers/Microsoft.Authorization/roleManagementPolicyAssignments?api-version=${constants/* ApiVersions */.k4.Pim}&$filter=${filter}`;
            try {
                const response = await authorization.sendRequest((0,dist_esm/* createPipelineRequest */.G6)({ url, method: 'GET' }));
                if (response.status !== 200)
                    throw errorOf(response.status, response.bodyAsText, response.headers.toJSON());
                const list = JSON.parse(response.bodyAsText ?? '{}');
                // Checked again here, in case a Resource Manager ignores the filter and answers with every role.
                const mine = (list.value ?? []).find((p) => sameGuid(p.properties?.roleDefinitionId ?? '', roleDefinitionId));
                return adminAssignmentRulesOf(mine?.properties?.effectiveRules ?? []);
            }
            catch (error) {
                throw explainPimError(error, `Reading the PIM settings of the role at ${scope}`, scope);
            }
        },
        async assign(request) {
            try {
                return await put(request, 'AdminAssign');
            }
            catch (error) {
                throw explainPimError(error, `Requesting a time-bound assignment through PIM at ${request.scope}`, request.scope);
            }
        },
        async remove(request) {
            try {
                return await put(request, 'AdminRemove');
            }
            catch (error) {
                throw explainPimError(error, `Ending the PIM assignment at ${request.scope}`, request.scope);
            }
        },
        async requestStatus(scope, name) {
            try {
                return ((await authorization.roleAssignmentScheduleRequests.get(pim_noSlash(scope), name)).status ?? 'unknown');
            }
            catch (error) {
                if (error.statusCode === 404)
                    return undefined;
                throw explainPimError(error, `Reading the PIM request ${name} at ${scope}`, scope);
            }
        }
    };
}

;// CONCATENATED MODULE: ./src/azure/graph.ts


const ODATA_TYPES = {
    '#microsoft.graph.user': 'User',
    '#microsoft.graph.group': 'Group',
    '#microsoft.graph.serviceprincipal': 'ServicePrincipal'
};
function toObject(raw, fallback) {
    const item = (raw ?? {});
    const odata = typeof item['@odata.type'] === 'string' ? item['@odata.type'].toLowerCase() : undefined;
    return {
        id: String(item.id ?? '').toLowerCase(),
        type: odata === undefined ? fallback : (ODATA_TYPES[odata] ?? 'Other'),
        displayName: typeof item.displayName === 'string' ? item.displayName : undefined
    };
}
/** Graph's refusal, explained: a 403 names the permission to grant and the way around it. */
function failure(response, lookup) {
    const error = response.body?.error;
    const details = { status: response.status, code: error?.code, ...(0,errors/* requestIdsOf */.vV)(response.headers) };
    const said = `${response.status}${error?.code === undefined ? '' : ` ${error.code}`}: ${error?.message ?? 'no message'}`;
    const message = response.status === 403
        ? `Microsoft Graph refused to look up ${lookup.what} (${said}): the pipeline identity needs the ` +
            `Microsoft Graph application permission ${lookup.permission} (with admin consent). Or give the principal by object ID ` +
            `with ${constants/* Inputs */.G0.PrincipalType}, which needs no directory permission.`
        : `Looking up ${lookup.what} in Microsoft Graph: HTTP ${said}`;
    return new errors/* AzureError */.M6(message + (0,errors/* quoteRequestIds */.UK)(details), details);
}
/** A request that got no answer: said with what it was for and where to look. */
function unanswered(error, lookup) {
    if (error instanceof errors/* ActionError */.lZ)
        return error;
    return new errors/* ActionError */.lZ(`Looking up ${lookup.what} in Microsoft Graph: ${(0,errors/* messageOf */.bD)(error)}${(0,errors/* networkHint */.uw)(error)}`, {
        cause: error
    });
}
const USERS = 'User.Read.All';
const GROUPS = 'Group.Read.All';
const APPS = 'Application.Read.All';
const quote = (value) => `'${value.replace(/'/g, "''")}'`;
/** Microsoft Graph over the JSON client; every failure comes back explained (see `failure`). */
function createGraphClient(http, graphUrl, scope) {
    const send = async (lookup, path, body) => {
        const url = `${graphUrl}/v1.0/${path}`;
        try {
            return await http.send(body === undefined ? { method: 'GET', url, scope } : { method: 'POST', url, scope, body });
        }
        catch (error) {
            throw unanswered(error, lookup);
        }
    };
    const one = async (lookup, path, type) => {
        const response = await send(lookup, path);
        if (response.status === 404)
            return undefined;
        if (response.status !== 200)
            throw failure(response, lookup);
        return toObject(response.body, type);
    };
    const list = async (lookup, path, type, body) => {
        const response = await send(lookup, path, body);
        if (response.status !== 200)
            throw failure(response, lookup);
        const value = response.body?.value ?? [];
        return value.map((item) => toObject(item, type));
    };
    const filterByName = (name) => `$filter=${encodeURIComponent(`displayName eq ${quote(name)}`)}`;
    const sp = (value) => ({ what: `service principal '${value}'`, permission: APPS });
    return {
        getUser: (idOrUpn) => one({ what: `user '${idOrUpn}'`, permission: USERS }, `users/${encodeURIComponent(idOrUpn)}`, 'User'),
        getGroup: (id) => one({ what: `group '${id}'`, permission: GROUPS }, `groups/${encodeURIComponent(id)}`, 'Group'),
        findGroups: (name) => list({ what: `group name '${name}'`, permission: GROUPS }, `groups?${filterByName(name)}`, 'Group'),
        getServicePrincipalByAppId: (appId) => one(sp(appId), `servicePrincipals(appId=${encodeURIComponent(quote(appId))})`, 'ServicePrincipal'),
        getServicePrincipal: (id) => one(sp(id), `servicePrincipals/${encodeURIComponent(id)}`, 'ServicePrincipal'),
        findServicePrincipals: (name) => list(sp(name), `servicePrincipals?${filterByName(name)}`, 'ServicePrincipal'),
        getByIds: (ids) => list({
            what: `the type of object ID${ids.length > 1 ? 's' : ''} ${ids.join(', ')}`,
            permission: 'Directory.Read.All'
        }, 'directoryObjects/getByIds', undefined, { ids, types: ['user', 'group', 'servicePrincipal'] })
    };
}

;// CONCATENATED MODULE: ./src/azure/http.ts


function parse(text) {
    if (text === undefined || text === '')
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch {
        return text;
    }
}
/**
 * A small JSON client over the Azure pipeline, so Graph, metadata and data-plane calls get the same proxy support,
 * timeouts and (unless `maxRetries` is 0) retries of 429, 5xx and network errors as the SDK clients.
 */
function createJsonHttp(credential, maxRetries = MAX_RETRIES) {
    const pipeline = (0,dist_esm/* createPipelineFromOptions */.Fp)(commonClientOptions(maxRetries));
    for (const { policy, position } of commonClientOptions(maxRetries).additionalPolicies) {
        pipeline.addPolicy(policy, { afterPhase: position === 'perRetry' ? 'Retry' : undefined });
    }
    const transport = (0,dist_esm/* createDefaultHttpClient */.fl)();
    return {
        async send(request) {
            const headers = (0,dist_esm/* createHttpHeaders */.Nc)({ accept: 'application/json', ...request.headers });
            if (request.scope !== undefined) {
                if (credential === undefined)
                    throw new Error('no credential to call ' + new URL(request.url).host);
                const token = await credential.getToken(request.scope);
                if (token === null)
                    throw new Error(`no access token for ${request.scope}`);
                headers.set('authorization', `Bearer ${token.token}`);
            }
            if (request.body !== undefined)
                headers.set('content-type', 'application/json');
            const pipelineRequest = (0,dist_esm/* createPipelineRequest */.G6)({
                url: request.url,
                method: request.method,
                headers,
                body: request.body === undefined ? undefined : JSON.stringify(request.body)
            });
            const response = await pipeline.sendRequest(transport, pipelineRequest);
            return {
                status: response.status,
                headers: response.headers.toJSON(),
                body: parse(response.bodyAsText ?? undefined)
            };
        }
    };
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
;// CONCATENATED MODULE: ./src/azure/proxy-env.ts

/**
 * The action's calls go through two HTTP stacks that read the proxy variables differently. The Azure pipeline (Entra,
 * Resource Manager, Graph, metadata, data plane) takes HTTPS_PROXY, else ALL_PROXY, else HTTP_PROXY; @actions/http-client
 * (the GitHub OIDC request) takes https_proxy/HTTPS_PROXY only, so on a runner with just HTTP_PROXY the ID token
 * request went around the proxy. In NO_PROXY, @actions/http-client (like curl) lets `example.com` match its
 * subdomains and ignores case, and `*` turns the proxy off; the Azure pipeline matches `example.com` exactly and
 * case-sensitively, and knows no `*`. Aligning the environment once, before the first request, sends every call the
 * same way.
 */
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'HTTP_PROXY', 'http_proxy'];
function firstSet(env, names) {
    return names.map((name) => env[name]?.trim()).find((value) => value !== undefined && value !== '');
}
/** Pure: NO_PROXY entries lower-cased, each bare host name also as `.name`, so both stacks bypass its subdomains. */
function alignNoProxy(value) {
    const entries = value
        .split(',')
        .map((entry) => entry.trim().toLowerCase())
        .filter((entry) => entry !== '');
    const domains = entries.filter((entry) => /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(entry) && (0,external_node_net_.isIP)(entry) === 0);
    return [...new Set([...entries, ...domains.map((domain) => `.${domain}`)])];
}
/** Makes both HTTP stacks agree on the proxy and its exceptions; changes only this process's environment. */
function alignProxyEnvironment(env = process.env) {
    const noProxy = alignNoProxy(firstSet(env, ['NO_PROXY', 'no_proxy']) ?? '');
    if (noProxy.includes('*')) {
        for (const name of PROXY_VARIABLES)
            delete env[name];
        return;
    }
    const proxy = firstSet(env, PROXY_VARIABLES);
    if (proxy === undefined)
        return;
    env.HTTPS_PROXY = proxy;
    env.https_proxy = proxy;
    if (noProxy.length > 0) {
        env.NO_PROXY = noProxy.join(',');
        env.no_proxy = env.NO_PROXY;
    }
}

;// CONCATENATED MODULE: ./src/session/session.ts













async function resolveCloud(inputs) {
    const overrides = { audience: inputs.audience, inferenceScope: inputs.inferenceScope };
    if (inputs.environment !== 'Custom')
        return knownCloud(inputs.environment, overrides);
    const arm = trimSlash(inputs.armEndpoint ?? '');
    const source = `${arm}/metadata/endpoints?api-version=${constants/* ApiVersions */.k4.CloudMetadata}`;
    const response = await createJsonHttp(undefined)
        .send({ method: 'GET', url: source })
        .catch((error) => {
        throw new errors/* ActionError */.lZ(`Reading the cloud metadata at ${source} failed: ${(0,errors/* messageOf */.bD)(error)}. Check ${constants/* Inputs */.G0.ArmEndpoint}.${(0,errors/* networkHint */.uw)(error)}`);
    });
    if (response.status !== 200) {
        throw new errors/* ActionError */.lZ(`Reading the cloud metadata at ${source} failed with HTTP ${response.status}. Check ${constants/* Inputs */.G0.ArmEndpoint}.`);
    }
    return customCloudFromMetadata(response.body, arm, source, overrides);
}
/** The action's own identity, from the `oid` claim of its Resource Manager token: no directory permission. */
async function selfFromToken(signIn, cloud) {
    const token = await signIn.credential.getToken(cloud.armScope);
    const claims = decodeClaims(token?.token ?? '');
    const oid = claimText(claims, 'oid');
    if (oid === undefined)
        throw new errors/* ActionError */.lZ('The Resource Manager token carries no oid claim, so principal self cannot be resolved. Replace self in principal ' +
            `with the pipeline identity's object ID and set ${constants/* Inputs */.G0.PrincipalType}: ServicePrincipal (az ad sp show --id <${constants/* Inputs */.G0.ClientId}> --query id -o tsv prints it).`);
    const idtyp = claimText(claims, 'idtyp');
    const isUser = idtyp === 'user' || (idtyp === undefined && claims.scp !== undefined);
    return { objectId: oid.toLowerCase(), type: isUser ? 'User' : 'ServicePrincipal' };
}
function graphOf(cloud, http) {
    if (cloud.graph === undefined || cloud.graphScope === undefined) {
        throw new errors/* ActionError */.lZ("The cloud's metadata names no Microsoft Graph endpoint (microsoftGraphResourceId), so principals cannot be " +
            `looked up by name. Give them by object ID with ${constants/* Inputs */.G0.PrincipalType}.`);
    }
    return createGraphClient(http, cloud.graph, cloud.graphScope);
}
function once(make) {
    let made;
    return () => (made ??= { value: make() }).value;
}
async function openSession(inputs) {
    // Before the first request: the Azure pipeline reads NO_PROXY only once, when its first pipeline is built.
    alignProxyEnvironment();
    const kind = chooseSignIn(inputs);
    const subscriptionId = inputs.subscriptionId ?? (kind === 'azure-cli' ? await cliSubscription() : undefined);
    if (subscriptionId === undefined) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.SubscriptionId, `is required: give the subscription of the account, or set ${constants/* Env */.o9.SubscriptionId}.`);
    }
    const cloud = await resolveCloud(inputs);
    core/* info */.pq(`Signing in to ${cloud.name} (${cloud.resourceManager}) with ${kind === 'oidc' ? `GitHub OIDC as client ${inputs.clientId ?? ''}` : 'the Azure CLI session'}.`);
    const signIn = createSignIn(kind, inputs, cloud);
    // Sign in now, so a sign-in failure is reported as such and not as the failure of the first call that needed it.
    await signIn.credential.getToken(cloud.armScope);
    const http = (maxRetries) => createJsonHttp(signIn.credential, maxRetries);
    return {
        cloud,
        signIn,
        subscriptionId,
        arm: createArmClient(signIn.credential, cloud, subscriptionId),
        graph: once(() => graphOf(cloud, http())),
        pim: once(() => createPimClient(signIn.credential, cloud, subscriptionId)),
        http,
        self: once(() => selfFromToken(signIn, cloud))
    };
}


/***/ })

};
