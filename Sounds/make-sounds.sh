#!/bin/sh
# Placeholder until the Audio issue lands: generates the cue theme with sox.
