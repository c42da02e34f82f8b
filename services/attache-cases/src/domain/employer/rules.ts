/** Refusals of employers abroad by stable `type` slug (the HTTP problem type). */
export const EmployerErrorType = {
  EmployerExists: 'employer-exists',
  EmployerNotFound: 'employer-not-found',
  FourEyesRule: 'four-eyes-rule',
  MissionRequired: 'mission-required',
} as const;
