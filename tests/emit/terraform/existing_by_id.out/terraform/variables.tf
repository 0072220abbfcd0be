variable "vpc_id" {
  type     = string
  nullable = false
}

variable "key_arn" {
  type     = string
  nullable = false
}
