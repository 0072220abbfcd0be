terraform {
  backend "s3" {
    bucket       = "acme-terraform-state"
    key          = "prod/platform.tfstate"
    region       = "eu-west-1"
    encrypt      = true
    use_lockfile = true
  }
}
