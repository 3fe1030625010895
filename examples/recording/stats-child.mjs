// Keeps statistics in a child process; the parent talks to it over the default (JSON) channel.
process.on('message', (stats) => {
  process.send({ kinds: Object.keys(stats) });
});
