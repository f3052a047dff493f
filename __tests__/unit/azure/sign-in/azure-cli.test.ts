import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { ActionError } from '../../../../src/errors.js'

let answer: () => Promise<{ exitCode: number; stdout: string; stderr: string }>
const calls: unknown[][] = []
jest.unstable_mockModule('@actions/exec', () => ({
  getExecOutput: (...args: unknown[]) => {
    calls.push(args)
    return answer()
  }
}))
const { cliSubscription } = await import('../../../../src/azure/sign-in/azure-cli.js')

beforeEach(() => {
  calls.length = 0
})

describe("the Azure CLI session's subscription", () => {
  it('is what az account show says, lower-cased', async () => {
    answer = async () => ({ exitCode: 0, stdout: '0000AAAA-0000-4000-8000-000000000001\n', stderr: '' })
    await expect(cliSubscription()).resolves.toBe('0000aaaa-0000-4000-8000-000000000001')
    expect(calls[0]?.slice(0, 2)).toEqual(['az', ['account', 'show', '--query', 'id', '--output', 'tsv']])
  })

  it.each([
    [
      'not signed in',
      { exitCode: 1, stdout: '', stderr: "ERROR: Please run 'az login' to setup account.\nmore" },
      "Please run 'az login'"
    ],
    ['odd output', { exitCode: 0, stdout: 'hello', stderr: '' }, 'no output']
  ])('%s: the error says to give subscription-id or sign in', async (_, result, expected) => {
    answer = async () => result
    const error = await cliSubscription().catch((e) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toContain("Input 'subscription-id' is empty")
    expect(error.message).toContain(expected)
    expect(error.message).toContain('azure/login')
  })

  it('no az at all is the same clear error', async () => {
    answer = async () => {
      throw new Error('Unable to locate executable file: az')
    }
    await expect(cliSubscription()).rejects.toThrow('Unable to locate executable file: az')
  })
})
