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

########################################################
# Optional runtime settings (defaults shown)
########################################################

idle_runtime_session_timeout = 900
max_lifetime                 = 28800

tags = {
  "team" = "agentic-platform"
}
