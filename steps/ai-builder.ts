// Steps about AI Builder: creating, publishing, running, sharing and using AI models. The When steps change the
// state of the AI models held by the model of the environment, so they come after every Given.
import { Then, When } from '@cucumber/cucumber';
import { explainAi, worded } from '../src/explain/ai-builder.ts';
import type { RoleWorld } from './world.ts';

const tables = (text: string): string[] =>
  text
    .split(/\s*,\s*|\s+and\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
/** The article of a model type in the evidence's question ("an object detection model"). */
const a = (type: string): string => (/^[aeiou]/i.test(type.trim()) ? 'an' : 'a');

// glossary: When "sam" creates a "category classification" model named "triage"
When('{string} creates a(n) {string} model named {string}', function (this: RoleWorld, user: string, type: string, name: string) {
  worded(() => this.model.ai.create(user, name, type));
  this.hasAiState = true;
});

// glossary: When "sam" creates a "prediction" model named "churn" that learns from "account"
When(
  '{string} creates a(n) {string} model named {string} that learns from {string}',
  function (this: RoleWorld, user: string, type: string, name: string, from: string) {
    worded(() => this.model.ai.create(user, name, type, tables(from)));
    this.hasAiState = true;
  },
);

// glossary: When "sam" publishes the model "churn"
When('{string} publishes the model {string}', function (this: RoleWorld, user: string, name: string) {
  worded(() => this.model.ai.publish(user, name));
});

// glossary: When "sam" runs the model "triage"
When('{string} runs the model {string}', function (this: RoleWorld, user: string, name: string) {
  worded(() => this.model.ai.run(user, name));
});

// glossary: When "sam" shares the model "churn" with "ben"
When('{string} shares the model {string} with {string}', function (this: RoleWorld, owner: string, name: string, user: string) {
  worded(() => this.model.ai.share(owner, name, user));
});

// glossary: When "ada" opens the results of the model "triage" to "ben"
When('{string} opens the results of the model {string} to {string}', function (this: RoleWorld, admin: string, name: string, user: string) {
  worded(() => this.model.ai.openResults(admin, name, user));
});

// glossary: Then "ben" may not create a "prediction" model
Then('{string} {may} create a(n) {string} model', function (this: RoleWorld, user: string, may: boolean, type: string) {
  this.verdict(user, `to create ${a(type)} ${type} model`, may, explainAi(this.model.ai.canCreate(user, type)));
});

// glossary: Then "mia" may not create a "prediction" model that learns from "new_invoice"
Then(
  '{string} {may} create a(n) {string} model that learns from {string}',
  function (this: RoleWorld, user: string, may: boolean, type: string, from: string) {
    this.verdict(
      user,
      `to create ${a(type)} ${type} model that learns from ${from}`,
      may,
      explainAi(this.model.ai.canCreate(user, type, tables(from))),
    );
  },
);

// glossary: Then "mia" may not publish the model "churn"
Then('{string} {may} publish the model {string}', function (this: RoleWorld, user: string, may: boolean, name: string) {
  this.verdict(user, `to publish the model ${name}`, may, explainAi(this.model.ai.canPublish(user, name)));
});

// glossary: Then "mia" may not run the model "triage"
Then('{string} {may} run the model {string}', function (this: RoleWorld, user: string, may: boolean, name: string) {
  this.verdict(user, `to run the model ${name}`, may, explainAi(this.model.ai.canRun(user, name)));
});

// glossary: Then "ben" may use the model "churn"
Then('{string} {may} use the model {string}', function (this: RoleWorld, user: string, may: boolean, name: string) {
  this.verdict(user, `to use the model ${name}`, may, explainAi(this.model.ai.canUse(user, name)));
});

// glossary: Then "ben" may not use the results of the model "triage"
Then('{string} {may} use the results of the model {string}', function (this: RoleWorld, user: string, may: boolean, name: string) {
  this.verdict(user, `to use the results of the model ${name}`, may, explainAi(this.model.ai.canUseResults(user, name)));
});
