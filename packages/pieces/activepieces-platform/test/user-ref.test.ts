// findUserByRef: the one lookup Find User, Offboard User and Delete User share.
import { ApiError, AuditTrail, InputError } from '@user-admin-pieces/common';
import { rejection, respond, useTestServer } from '@user-admin-pieces/common/testing';
import { connectionOf } from '../src/lib/common/client';
import { findUserByRef, lookUpUser } from '../src/lib/common/user-list';
import { authProps, pagedUsers, queryOf, user, userId, users } from './helpers';

const live = useTestServer();
const { server } = live;

const connection = () => connectionOf(authProps(`${live.url()}/api/v1`));

describe('findUserByRef', () => {
  it('by id: pages the list until the user turns up, and records every request on the trail', async () => {
    server.always((request, response) => {
      response.setHeader('x-request-id', `req-${server.requests.length}`);
      pagedUsers(users(250))(request, response);
    });
    const trail = new AuditTrail('test/action', userId(150));

    await expect(findUserByRef(connection(), { id: userId(150) }, trail)).resolves.toStrictEqual(user(150));

    expect(server.requests.map(queryOf)).toEqual([{ limit: '100' }, { limit: '100', cursor: '100' }]);
    expect(trail.finish()).toMatchObject({ requestIds: ['req-1', 'req-2'], attempts: 2 });
  });

  it('by id: reads the whole list before saying there is no such user', async () => {
    server.always(pagedUsers(users(150)));
    const error = await rejection(findUserByRef(connection(), { id: userId(999) }));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field: 'userId', summary: `No user with id ${userId(999)} on this platform.` });
    expect(server.requests).toHaveLength(2);
  });

  it('by id: says when the deadline came before the user, instead of "not found"', async () => {
    server.reply(pagedUsers(users(300)));
    server.always((request, response) => setTimeout(() => pagedUsers(users(300))(request, response), 1_500));

    const error = await rejection(findUserByRef(connection(), { id: userId(250) }, undefined, { deadline: Date.now() + 500 }));

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      kind: 'timeout',
      summary: `User ${userId(250)} was not found among the 100 newest users before the time budget ran out: Activepieces cannot look a user up by id with an API key, so the list is read page by page, and it answered too slowly to reach this user. Nothing was changed; run the step again later, or give the user's email or external id.`,
    });
  });

  it('by email: without regard to case, reading every page of the newest thousand', async () => {
    const target = user(120, { email: 'Grace@Example.com' });
    server.always(pagedUsers([...users(119), target, ...users(30)]));
    await expect(findUserByRef(connection(), { email: 'grace@example.COM' })).resolves.toStrictEqual(target);
    expect(server.requests).toHaveLength(2);
  });

  it('by email: several matches are refused with their ids, as Find User does', async () => {
    server.always(pagedUsers([user(1, { email: 'a@example.com' }), user(2, { email: 'A@example.com' })]));
    const error = await rejection(findUserByRef(connection(), { email: 'a@example.com' }));
    expect(error).toMatchObject({
      field: 'email',
      summary: `2 users match email a@example.com (without regard to case): ${userId(1)}, ${userId(2)}. Find User returns one user; look the user up by External ID instead.`,
    });
  });

  it('by external id: one filtered request; not found is a sentence', async () => {
    server.reply(respond(200, { data: [], next: null, previous: null }));
    const error = await rejection(findUserByRef(connection(), { externalId: 'hr-9' }));
    expect(error).toMatchObject({ field: 'externalId', summary: 'No user with external id "hr-9" on this platform.' });
    expect(server.requests.map(queryOf)).toEqual([{ limit: '100', externalId: 'hr-9' }]);
  });

  it('lookUpUser leaves "none found" to the caller and says whether everything was searched', async () => {
    server.always(pagedUsers(users(3)));
    await expect(lookUpUser(connection(), { email: 'nobody@example.com' })).resolves.toMatchObject({ matches: [], searchedAll: true, field: 'email' });
  });
});
