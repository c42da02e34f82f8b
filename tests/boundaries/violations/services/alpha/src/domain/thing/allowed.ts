// @ts-nocheck (a fixture: tests/boundaries/boundaries.spec.ts lints it; it is never compiled or run)
// allowed: what a domain may import
import { KaziError } from '@kazi/core';
import { fields } from '@kazi/contracts';
import { z } from 'zod';
import { shared } from '../shared.ts';
import { leaves } from './leavesDomain.ts';

export const allowed = [KaziError, fields, z, shared, leaves];
