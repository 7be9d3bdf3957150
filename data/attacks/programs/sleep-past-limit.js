setTimeout(() => console.log('woke up'), 120000);
