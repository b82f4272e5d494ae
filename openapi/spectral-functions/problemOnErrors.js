// An error response must be application/problem+json referring to the Problem schema, unless it
// is marked as a report of its own (x-tenggat-report: the health checks' 503 is their report).
module.exports = (response) => {
  if (response && response['x-tenggat-report'] === true) return [];
  const content = response && response.content;
  const problem = content && content['application/problem+json'];
  if (!problem) return [{ message: 'error response must have application/problem+json content' }];
  const ref = problem.schema && (problem.schema.$ref || (problem.schema.allOf && problem.schema.allOf[0] && problem.schema.allOf[0].$ref));
  if (!ref || !/\/ProblemDetails$/.test(ref)) return [{ message: 'error response schema must be the Problem schema' }];
  return [];
};
