# syntax=docker/dockerfile:1
# escape=\
# This file is intentionally empty apart from comments.
