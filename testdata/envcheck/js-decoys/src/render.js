"use strict";
const { SNSClient, PublishCommand } = require("@aws-sdk/client-sns");

const sns = new SNSClient({});

exports.render = (event) => `<h1>${event.title}</h1>`;

exports.announce = async (event) => {
  await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: event.slug }));
};
