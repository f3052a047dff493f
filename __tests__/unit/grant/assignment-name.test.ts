import { describe, expect, it } from '@jest/globals'
import { assignmentName, uuidV5 } from '../../../src/grant/assignment-name.js'
import { isGuid } from '../../../src/util/guid.js'
import { ACCOUNT_ID, COGNITIVE_SERVICES_USER, OWNER, SELF_OID, USER_OID } from '../../fixtures/ids.js'

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8'
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8'

describe('uuidV5', () => {
  it('matches the known test vector for www.example.com in the DNS namespace', () => {
    expect(uuidV5('www.example.com', DNS_NAMESPACE)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2')
  })

  it('matches the vector for python.org (as Python uuid.uuid5 computes it)', () => {
    expect(uuidV5('python.org', DNS_NAMESPACE)).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d')
  })

  it('is a version 5, RFC 4122 variant UUID', () => {
    for (const name of ['', 'a', 'ü', 'x'.repeat(10_000)]) {
      expect(uuidV5(name, URL_NAMESPACE)).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
      )
    }
  })

  it('depends on the namespace', () => {
    expect(uuidV5('www.example.com', DNS_NAMESPACE)).not.toBe(uuidV5('www.example.com', URL_NAMESPACE))
  })
})

describe('assignment names', () => {
  const name = assignmentName(ACCOUNT_ID, USER_OID, COGNITIVE_SERVICES_USER)

  it('are GUIDs, as ARM requires of role assignment names', () => {
    expect(isGuid(name)).toBe(true)
  })

  it('are stable: the same grant always has the same name', () => {
    expect(assignmentName(ACCOUNT_ID, USER_OID, COGNITIVE_SERVICES_USER)).toBe(name)
    // Pinned: a change here renames every assignment the action ever made, and reruns would then create duplicates.
    expect(name).toBe(
      uuidV5(
        `${ACCOUNT_ID.toLowerCase()}\n${USER_OID}\n${COGNITIVE_SERVICES_USER}`,
        '7f4d1a0e-3c53-4b9a-9b8e-5d2f6c1e8a47'
      )
    )
  })

  it('ignore case in scope, principal and role, as ARM does', () => {
    expect(
      assignmentName(ACCOUNT_ID.toUpperCase(), USER_OID.toUpperCase(), COGNITIVE_SERVICES_USER.toUpperCase())
    ).toBe(name)
  })

  it('differ when scope, principal or role differ', () => {
    const names = new Set([
      name,
      assignmentName(ACCOUNT_ID.replace('ai-prod', 'ai-test'), USER_OID, COGNITIVE_SERVICES_USER),
      assignmentName(ACCOUNT_ID, SELF_OID, COGNITIVE_SERVICES_USER),
      assignmentName(ACCOUNT_ID, USER_OID, OWNER)
    ])
    expect(names.size).toBe(4)
  })
})
