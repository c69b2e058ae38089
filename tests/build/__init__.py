"""Tests of plainleaf.build: planning and running builds."""
