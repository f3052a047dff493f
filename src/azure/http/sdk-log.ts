import * as core from '@actions/core'
import { format } from 'node:util'
import { AzureLogger, setLogLevel } from '@azure/logger'
import { Env } from '../../constants.js'

/**
 * With step debug on (RUNNER_DEBUG=1, set by the runner for ACTIONS_STEP_DEBUG or "Re-run with debug logging"),
 * the Azure SDK logs too, at `verbose` unless AZURE_LOG_LEVEL says otherwise, into the step's debug log
 * (`::debug::` lines) rather than stderr, so the runner keeps them with the action's own debug lines. Every token
 * is registered with core.setSecret as soon as it arrives, so the runner masks it in these lines too; the SDK
 * itself redacts authorization headers. Without step debug, AZURE_LOG_LEVEL works as the SDK documents.
 */
export function routeSdkLogs(debug = core.isDebug(), env: NodeJS.ProcessEnv = process.env): void {
  if (!debug) return
  AzureLogger.log = (...args: unknown[]) => core.debug(format(...args).trimEnd())
  if ((env[Env.AzureLogLevel] ?? '').trim() === '') setLogLevel('verbose')
}
