// Parameter types of the step vocabulary: `{may}` ("may" / "may not") and `{is}` ("is" / "is not") let one
// phrase state both the positive and the negative example.
import { defineParameterType } from '@cucumber/cucumber';

defineParameterType({ name: 'may', regexp: /may not|may/, transformer: (s: string) => s === 'may' });
defineParameterType({ name: 'is', regexp: /is not|is/, transformer: (s: string) => s === 'is' });
// `{audience}`: whom a maker shares an app with, in the words of the environment roles page.
defineParameterType({
  name: 'audience',
  regexp: /a single user|a security group|the whole organization/,
  transformer: (s: string) => (s === 'a single user' ? 'user' : s === 'a security group' ? 'security group' : 'organization'),
});
