const net = require('node:net');
const socket = net.connect({ host: '1.1.1.1', port: 80, timeout: 2000 });
socket.on('connect', () => { console.log('LEAK: connected'); socket.destroy(); });
socket.on('error', () => console.log('blocked'));
socket.on('timeout', () => { console.log('blocked'); socket.destroy(); });
