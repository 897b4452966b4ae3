#!/usr/bin/env node
// The CLI lives in dist/ once built; this stub keeps the bin linkable in a fresh workspace.
import '../dist/cli.js';
