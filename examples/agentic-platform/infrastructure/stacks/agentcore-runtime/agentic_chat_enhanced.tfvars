########################################################
# AgentCore runtime for agentic_chat_enhanced
########################################################

agent_name        = "agentic_chat_enhanced"
agent_description = "AgentCore runtime for agentic-chat-enhanced"
network_mode      = "PUBLIC"

environment_variables = {
  "LITELLM_API_ENDPOINT"       = "https://litellm.example.internal"
  "RETRIEVAL_GATEWAY_ENDPOINT" = "https://retrieval.example.internal/api/retrieval-gateway"
}
