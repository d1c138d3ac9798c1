import { describeServerSpecs } from './spec-suite';

describeServerSpecs('textbook', {
  noFuzz: {
    // These servers take one recv() for one message, as the textbook does:
    // a split send is answered once per piece, so fuzzing fails them by design.
    'greeting.yaml': 'no message framing',
    'greeting-eof.yaml': 'no message framing',
    'timestamp.yaml': 'no message framing',
    'timestamp-no-newline.yaml': 'no message framing',
  },
});
