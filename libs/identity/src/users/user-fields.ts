import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLE_NAME } from '../access/auth-user';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../auth/password-hasher';

const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Field decorators shared by the user DTOs, so every endpoint checks a field the same way. */
export const EmailField = (): PropertyDecorator =>
  applyDecorators(ApiProperty({ format: 'email', maxLength: 254, example: 'budi@usaha.test' }), trim, IsEmail(), MaxLength(254));

export const NewPasswordField = (): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, format: 'password' }),
    IsString(),
    MinLength(PASSWORD_MIN_LENGTH, { message: `password must be at least ${PASSWORD_MIN_LENGTH} characters` }),
    MaxLength(PASSWORD_MAX_LENGTH),
  );

export const NameField = (required = true): PropertyDecorator =>
  applyDecorators(
    required ? ApiProperty({ minLength: 1, maxLength: 200 }) : ApiPropertyOptional({ minLength: 1, maxLength: 200 }),
    trim,
    IsString(),
    MinLength(1, { message: 'name must not be empty' }),
    MaxLength(200),
  );

export const RolesField = (required = true): PropertyDecorator =>
  applyDecorators(
    (required ? ApiProperty : ApiPropertyOptional)({
      type: [String],
      example: ['verifier'],
      description: 'supervisor, ombudsman, admin, or officer roles (kebab-case names used by permit types)',
    }),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(20),
    IsString({ each: true }),
    Matches(ROLE_NAME, { each: true, message: 'each role must be a kebab-case name' }),
  );

export const AgencyCodeField = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ type: String, nullable: true, example: 'dpmptsp-kota-contoh', description: 'required for staff, absent otherwise' }),
    IsString(),
    MaxLength(100),
    Matches(ROLE_NAME, { message: 'agencyCode must be a kebab-case code' }),
  );
