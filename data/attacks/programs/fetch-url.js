fetch('http://example.com/').then(
  () => console.log('LEAK: fetched'),
  () => console.log('blocked'),
);
