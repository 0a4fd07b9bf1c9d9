#!/usr/bin/env node
// Prints every change of an application's operational status, as the server pushes it.
// Usage: node examples/event-client.mjs [URL]   (default http://127.0.0.1:61100)
import { io } from 'socket.io-client';

const url = process.argv[2] ?? 'http://127.0.0.1:61100';
const socket = io(url, { transports: ['websocket'] });
const last = new Map();
let sequence = 0;

function show(app) {
  const line = `${app.state} ${app.status}${app.reasons.length ? ` (${app.reasons.join('; ')})` : ''}`;
  if (last.get(app.name) === line) return;
  last.set(app.name, line);
  console.log(`${new Date().toISOString()} ${app.name}: ${line}`);
}

socket.on('connect', () => console.error(`connected to ${url}`));
socket.on('disconnect', (reason) => console.error(`disconnected: ${reason}`));
socket.on('snapshot', (snapshot) => {
  sequence = snapshot.sequence;
  snapshot.applications.forEach(show);
});
for (const event of [
  'instance:updated',
  'process:updated',
  'process:removed',
  'job:updated',
  'application:updated',
]) {
  socket.on(event, (payload, seq) => {
    if (seq !== sequence + 1) socket.emit('snapshot:request');
    sequence = seq;
    if (event === 'application:updated') show(payload);
  });
}
