variable "db_password" {
  type        = string
  description = "the master password, from the team's vault"
  sensitive   = true
  ephemeral   = true
  nullable    = false
}

variable "db_storage" {
  type        = number
  description = "GiB of storage"
  nullable    = false
}
